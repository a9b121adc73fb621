package com.bakeryia.fleet.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class RetentionPurgeRunnerTests {

    private static final Instant NOW = Instant.parse("2026-12-04T03:00:00Z");
    private static final RetentionProperties PROPERTIES =
            new RetentionProperties(true, Duration.ofHours(1), Duration.ofMinutes(1), 10);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void loopsBatchesUntilOneIsShortEachInItsOwnTransaction() {
        var remaining = new AtomicInteger(25);
        var batches = new ArrayList<Integer>();
        var transactions = new AtomicInteger();
        RetentionPurge purge = purge("tenant-tombstones", (now, batch) -> {
            assertThat(now).isEqualTo(NOW);
            int deleted = Math.min(batch, remaining.get());
            remaining.addAndGet(-deleted);
            batches.add(deleted);
            return deleted;
        });
        var runner = new RetentionPurgeRunner(
                List.of(purge),
                PROPERTIES,
                Clock.fixed(NOW, ZoneOffset.UTC),
                batch -> () -> {
                    transactions.incrementAndGet();
                    return batch.getAsInt();
                },
                registry);

        assertThat(runner.runOnce()).containsEntry("tenant-tombstones", 25L);

        assertThat(batches).containsExactly(10, 10, 5);
        assertThat(transactions).hasValue(3);
        assertThat(registry.get(RetentionPurgeRunner.PURGED_ROWS)
                        .tag("what", "tenant-tombstones")
                        .counter()
                        .count())
                .isEqualTo(25);
        assertThat(registry.get(RetentionPurgeRunner.LAST_SUCCESS)
                        .tag("what", "tenant-tombstones")
                        .gauge()
                        .value())
                .isEqualTo(NOW.getEpochSecond());
        assertThat(registry.get(RetentionPurgeRunner.DURATION)
                        .tag("what", "tenant-tombstones")
                        .timer()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void aFailingPurgeIsCountedAndNeverStopsTheOthers() {
        var ran = new AtomicInteger();
        var runner = new RetentionPurgeRunner(
                List.of(
                        purge("broken", (now, batch) -> {
                            throw new IllegalStateException("relation does not exist");
                        }),
                        purge("fine", (now, batch) -> {
                            ran.incrementAndGet();
                            return 0;
                        })),
                PROPERTIES,
                Clock.fixed(NOW, ZoneOffset.UTC),
                batch -> batch,
                registry);

        assertThat(runner.runOnce()).containsEntry("broken", 0L).containsEntry("fine", 0L);

        assertThat(ran).hasValue(1);
        assertThat(registry.get(RetentionPurgeRunner.FAILURES)
                        .tag("what", "broken")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get(RetentionPurgeRunner.FAILURES)
                        .tag("what", "fine")
                        .counter()
                        .count())
                .isZero();
        assertThat(registry.get(RetentionPurgeRunner.LAST_SUCCESS)
                        .tag("what", "broken")
                        .gauge()
                        .value())
                .isZero();
    }

    @Test
    void registersEveryPurgesMetersAtZero() {
        new RetentionPurgeRunner(
                List.of(purge("tenant-exports", (now, batch) -> 0)),
                PROPERTIES,
                Clock.systemUTC(),
                batch -> batch,
                registry);

        assertThat(registry.get(RetentionPurgeRunner.PURGED_ROWS)
                        .tag("what", "tenant-exports")
                        .counter()
                        .count())
                .isZero();
        assertThat(registry.get(RetentionPurgeRunner.FAILURES)
                        .tag("what", "tenant-exports")
                        .counter()
                        .count())
                .isZero();
    }

    @Test
    void runsThePurgesOnItsScheduleUntilStopped() throws Exception {
        var runs = new java.util.concurrent.CountDownLatch(2);
        var runner = new RetentionPurgeRunner(
                List.of(purge("tenant-exports", (now, batch) -> {
                    runs.countDown();
                    return 0;
                })),
                new RetentionProperties(true, Duration.ofMillis(50), Duration.ZERO, 10),
                Clock.systemUTC(),
                batch -> batch,
                registry);

        runner.start();
        try {
            assertThat(runner.isRunning()).isTrue();
            assertThat(runs.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        } finally {
            runner.stop();
        }
        assertThat(runner.isRunning()).isFalse();
    }

    @Test
    void autoConfigurationRunsEveryPurgeBeanAndBindsTheSchedule() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        com.bakeryia.fleet.FleetAutoConfiguration.class, RetentionAutoConfiguration.class))
                .withPropertyValues(
                        "spring.application.name=orders-service",
                        "deletion.retention.purge-interval=PT5M",
                        "deletion.retention.batch-size=7",
                        "deletion.retention.enabled=false")
                .withBean("purge", RetentionPurge.class, () -> purge("orders-things", (now, batch) -> batch - 1))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(RetentionProperties.class).purgeInterval())
                            .isEqualTo(Duration.ofMinutes(5));
                    RetentionPurgeRunner runner = context.getBean(RetentionPurgeRunner.class);
                    assertThat(runner.isRunning()).isFalse();
                    assertThat(runner.runOnce()).containsEntry("orders-things", 6L);
                });
    }

    @Test
    void defaultsToAnHourlyRunOfBatchesOfAThousand() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        com.bakeryia.fleet.FleetAutoConfiguration.class, RetentionAutoConfiguration.class))
                .withPropertyValues("spring.application.name=orders-service")
                .run(context -> {
                    RetentionProperties properties = context.getBean(RetentionProperties.class);
                    assertThat(properties.purgeInterval()).isEqualTo(Duration.ofHours(1));
                    assertThat(properties.batchSize()).isEqualTo(1000);
                    assertThat(context.getBean(RetentionPurgeRunner.class).purgeNames())
                            .isEmpty();
                });
    }

    @Test
    void refusesABatchSizeBelowOne() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        com.bakeryia.fleet.FleetAutoConfiguration.class, RetentionAutoConfiguration.class))
                .withPropertyValues("spring.application.name=orders-service", "deletion.retention.batch-size=0")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("deletion.retention.batch-size"));
    }

    private static RetentionPurge purge(String name, Batch batch) {
        return new RetentionPurge() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int purgeBatch(Instant now, int size) {
                return batch.purge(now, size);
            }
        };
    }

    @FunctionalInterface
    private interface Batch {
        int purge(Instant now, int batch);
    }
}
