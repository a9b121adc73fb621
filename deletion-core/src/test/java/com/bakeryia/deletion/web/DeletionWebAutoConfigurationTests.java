package com.bakeryia.deletion.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.deletion.DeletionProperties;
import com.bakeryia.fleet.ServiceIdentity;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
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
                .hasSingleBean(TenantDataDeletionExceptionHandler.class)
                .hasSingleBean(TenantDataExportController.class)
                .hasSingleBean(TenantDataExportExceptionHandler.class));
    }

    @Test
    void servesNothingWhenTheEndpointsAreDisabled() {
        runner.withPropertyValues("deletion.endpoints.enabled=false")
                .run(context -> assertThat(context)
                        .doesNotHaveBean(TenantDataDeletionController.class)
                        .doesNotHaveBean(TenantDataExportController.class));
    }

    @Test
    void servesTwoExportsAtOnceByDefaultApartFromTheDeletionRuns() {
        runner.withBean(DataSource.class, () -> pool(8)).run(context -> {
            ExportCapacity exports = context.getBean(ExportCapacity.class);
            assertThat(exports.limit()).isEqualTo(2);
            assertThat(exports.retryAfterSeconds()).isEqualTo(5);
            assertThat(context.getBean(DeletionCapacity.class).limit()).isEqualTo(7);
        });
    }

    @Test
    void takesTheConfiguredExportLimit() {
        runner.withPropertyValues("deletion.export.max-concurrent=5")
                .run(context -> assertThat(context.getBean(ExportCapacity.class).limit())
                        .isEqualTo(5));
    }

    @Test
    void refusesAnExportLimitBelowOne() {
        runner.withPropertyValues("deletion.export.max-concurrent=0")
                .run(context -> assertThat(context).hasFailed());
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
                        () -> new TenantDataDeletionController(null, null))
                .run(context -> assertThat(context)
                        .getBeanNames(TenantDataDeletionController.class)
                        .containsExactly("customController"));
    }

    @Test
    void runsAsManyDeletionsAtOnceAsTheHikariPoolHasConnectionsButOne() {
        for (int poolSize : new int[] {1, 2, 5}) {
            runner.withBean(DataSource.class, () -> pool(poolSize))
                    .run(context -> assertThat(
                                    context.getBean(DeletionCapacity.class).limit())
                            .as("pool of %s", poolSize)
                            .isEqualTo(Math.max(1, poolSize - 1)));
        }
    }

    @Test
    void takesTheConfiguredLimitAndRetryAfter() {
        runner.withBean(DataSource.class, () -> pool(8))
                .withPropertyValues("deletion.max-concurrent-runs=2", "deletion.busy-retry-after=1500ms")
                .run(context -> {
                    DeletionCapacity capacity = context.getBean(DeletionCapacity.class);
                    assertThat(capacity.limit()).isEqualTo(2);
                    assertThat(capacity.retryAfterSeconds()).isEqualTo(2);
                });
    }

    @Test
    void withoutAHikariPoolRunsTheDefaultNumberAndRetriesAfterFiveSeconds() {
        runner.run(context -> {
            DeletionCapacity capacity = context.getBean(DeletionCapacity.class);
            assertThat(capacity.limit()).isEqualTo(DeletionProperties.DEFAULT_MAX_CONCURRENT_RUNS);
            assertThat(capacity.retryAfterSeconds()).isEqualTo(5);
        });
    }

    @Test
    void refusesALimitBelowOne() {
        runner.withPropertyValues("deletion.max-concurrent-runs=0")
                .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void givesBackThePlaceOfARunThatEnded() {
        var capacity = new DeletionCapacity(1, java.time.Duration.ZERO, java.time.Duration.ofSeconds(5));

        assertThat(capacity.tryAcquire()).isTrue();
        assertThat(capacity.tryAcquire()).as("the only place is taken").isFalse();
        capacity.release();
        assertThat(capacity.tryAcquire()).isTrue();
    }

    @Test
    void aRunBeyondTheLimitTakesThePlaceFreedWhileItWaits() throws Exception {
        var capacity = new DeletionCapacity(1, java.time.Duration.ofSeconds(30), java.time.Duration.ofSeconds(5));
        assertThat(capacity.tryAcquire()).isTrue();
        var waiter = java.util.concurrent.CompletableFuture.supplyAsync(capacity::tryAcquire);
        Thread.sleep(200);
        assertThat(waiter).as("still waiting for the only place").isNotDone();

        capacity.release();

        assertThat(waiter.get(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void waitsTwoSecondsByDefaultAndRefusesANegativeWait() {
        runner.run(context -> assertThat(context.getBean(com.bakeryia.deletion.DeletionProperties.class)
                        .busyWait())
                .isEqualTo(java.time.Duration.ofSeconds(2)));
        runner.withPropertyValues("deletion.busy-wait=-1s")
                .run(context -> assertThat(context).hasFailed());
    }

    private static HikariDataSource pool(int maximumPoolSize) {
        var pool = new HikariDataSource();
        pool.setJdbcUrl("jdbc:postgresql://127.0.0.1:1/never-connected");
        pool.setMaximumPoolSize(maximumPoolSize);
        return pool;
    }
}
