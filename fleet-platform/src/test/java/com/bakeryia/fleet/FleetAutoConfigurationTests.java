package com.bakeryia.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class FleetAutoConfigurationTests {

    private final ApplicationContextRunner contexts = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FleetAutoConfiguration.class))
            .withPropertyValues("spring.application.name=orders-service");

    @Test
    void declaresTheSystemClockInUtc() {
        contexts.run(
                context -> assertThat(context.getBean(Clock.class).getZone()).isEqualTo(ZoneOffset.UTC));
    }

    @Test
    void yieldsToTheApplicationsClock() {
        Clock fixed = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

        contexts.withBean(Clock.class, () -> fixed)
                .run(context -> assertThat(context).getBean(Clock.class).isSameAs(fixed));
    }

    @Test
    void namesTheServiceAfterTheApplication() {
        contexts.run(context ->
                assertThat(context.getBean(ServiceIdentity.class).name()).isEqualTo("orders-service"));
    }
}
