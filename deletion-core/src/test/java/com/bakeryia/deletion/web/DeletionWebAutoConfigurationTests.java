package com.bakeryia.deletion.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.fleet.ServiceIdentity;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

class DeletionWebAutoConfigurationTests {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DeletionWebAutoConfiguration.class))
            .withBean(ServiceIdentity.class, () -> new ServiceIdentity("orders-service"));

    @Test
    void servesTheEndpointsInAServletApplication() {
        runner.run(context -> assertThat(context)
                .hasSingleBean(TenantDataDeletionController.class)
                .hasSingleBean(TenantDataDeletionExceptionHandler.class));
    }

    @Test
    void servesNothingWhenTheEndpointsAreDisabled() {
        runner.withPropertyValues("deletion.endpoints.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(TenantDataDeletionController.class));
    }

    @Test
    void servesNothingOutsideAWebApplication() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DeletionWebAutoConfiguration.class))
                .withBean(ServiceIdentity.class, () -> new ServiceIdentity("orders-service"))
                .run(context -> assertThat(context).doesNotHaveBean(TenantDataDeletionController.class));
    }

    @Test
    void aControllerOfTheApplicationWins() {
        runner.withBean(
                        "customController",
                        TenantDataDeletionController.class,
                        () -> new TenantDataDeletionController(null))
                .run(context -> assertThat(context)
                        .getBeanNames(TenantDataDeletionController.class)
                        .containsExactly("customController"));
    }
}
