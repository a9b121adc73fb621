package com.bakeryia.deletion;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.fleet.FleetAutoConfiguration;
import com.bakeryia.fleet.FleetProperties;
import com.bakeryia.fleet.ServiceIdentity;
import com.bakeryia.fleet.retention.RetentionPurge;
import java.time.Period;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class TenantDataDeletionAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(FleetAutoConfiguration.class, TenantDataDeletionAutoConfiguration.class))
            .withPropertyValues("spring.application.name=orders-service");

    @Test
    void failsToStartWithoutATenantDataDeletionServiceAndSaysWhatToDeclare() {
        runner.run(context -> assertThat(context)
                .hasFailed()
                .getFailure()
                .rootCause()
                .isInstanceOf(TenantDataDeletionServiceDeclarationException.class)
                .hasMessageContaining("orders-service has deletion-core but declares no TenantDataDeletionService"));
    }

    @Test
    void failsToStartWithTwoTenantDataDeletionServices() {
        runner.withUserConfiguration(TwoServices.class)
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("declares 2 TenantDataDeletionService beans"));
    }

    @Test
    void startsWithoutATenantDataDeletionServiceWhenEndpointsAreDisabled() {
        runner.withPropertyValues("deletion.endpoints.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(TenantDataDeletionInitializer.class));
    }

    @Test
    void derivesTheServiceIdentityFromTheApplicationName() {
        runner.withPropertyValues("deletion.endpoints.enabled=false").run(context -> {
            assertThat(context.getBean(ServiceIdentity.class).name()).isEqualTo("orders-service");
            assertThat(context.getBean(ServiceIdentity.class).pathSegment()).isEqualTo("orders");
        });
    }

    @Test
    void prefersTheConfiguredServiceName() {
        runner.withPropertyValues("deletion.endpoints.enabled=false", "deletion.service-name=alert-processor-service")
                .run(context -> assertThat(
                                context.getBean(ServiceIdentity.class).pathSegment())
                        .isEqualTo("alert-processor"));
    }

    @Test
    void aServiceIdentityBeanOfTheApplicationWins() {
        runner.withPropertyValues("deletion.endpoints.enabled=false")
                .withBean(ServiceIdentity.class, () -> new ServiceIdentity("tenant-service"))
                .run(context -> assertThat(
                                context.getBean(ServiceIdentity.class).name())
                        .isEqualTo("tenant-service"));
    }

    @Test
    void declaresNoRetentionPurgeWithoutATenantDataDeletionService() {
        runner.withPropertyValues("deletion.endpoints.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RetentionPurge.class));
    }

    @Test
    void keepsFenceRowsThreeYearsAndLedgerRowsOneYearUnlessConfigured() {
        runner.withPropertyValues("deletion.endpoints.enabled=false").run(context -> {
            DeletionProperties.Retention retention =
                    context.getBean(DeletionProperties.class).retention();
            assertThat(retention.fence()).isEqualTo(Period.ofYears(3));
            assertThat(retention.ledger()).isEqualTo(Period.ofYears(1));
        });
        runner.withPropertyValues(
                        "deletion.endpoints.enabled=false",
                        "deletion.retention.fence=P10Y",
                        "deletion.retention.ledger=P400D")
                .run(context -> {
                    DeletionProperties.Retention retention =
                            context.getBean(DeletionProperties.class).retention();
                    assertThat(retention.fence()).isEqualTo(Period.ofYears(10));
                    assertThat(retention.ledger()).isEqualTo(Period.ofDays(400));
                });
    }

    @Test
    void refusesAFencePeriodOfZero() {
        runner.withPropertyValues("deletion.endpoints.enabled=false", "deletion.retention.fence=P0D")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("deletion.retention.fence must be positive"));
    }

    @Test
    void failsToStartWithoutAServiceName() {
        new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(FleetAutoConfiguration.class, TenantDataDeletionAutoConfiguration.class))
                .withPropertyValues("deletion.endpoints.enabled=false")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("Set deletion.service-name or spring.application.name"));
    }

    @Test
    void bindsTheDeletionProperties() {
        runner.withPropertyValues(
                        "deletion.endpoints.enabled=false",
                        "deletion.batch-size=500",
                        "deletion.single-transaction-max-rows=1000",
                        "deletion.lock-timeout=5s")
                .run(context -> {
                    DeletionProperties properties = context.getBean(DeletionProperties.class);
                    assertThat(properties.batchSize()).isEqualTo(500);
                    assertThat(properties.singleTransactionMaxRows()).isEqualTo(1000);
                    assertThat(properties.lockTimeout()).hasSeconds(5);
                    assertThat(properties.maxPasses()).isEqualTo(3);
                    assertThat(context.getBean(FleetProperties.class).security().clockSkew())
                            .hasSeconds(30);
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoServices {

        @Bean
        TenantDataDeletionService first() {
            return new TenantDataDeletionService(TenantDataSchema.named("first")) {};
        }

        @Bean
        TenantDataDeletionService second() {
            return new TenantDataDeletionService(TenantDataSchema.named("second")) {};
        }
    }
}
