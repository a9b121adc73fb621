package com.bakeryia.fleet.retention;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Runs every {@link RetentionPurge} of the application every {@code deletion.retention.purge-interval}
 * (one thread, fixed delay): per purge, batches of {@code batch-size} until a batch is short, each
 * batch through the transaction wrapper it was given (a transaction of its own). A purge that throws
 * is logged at WARN and counted, and the run goes on with the next purge: nothing leaves the
 * scheduler. One INFO line per purge that purged something.
 *
 * <p>Meters (Prometheus names, each with {@code what} = the purge's name, registered at start-up):
 * {@code bakery_retention_purged_rows_total}, {@code bakery_retention_purge_failures_total}, {@code
 * bakery_retention_purge_seconds} (one run of the purge, count, sum, max) and {@code
 * bakery_retention_last_success_timestamp_seconds} (epoch seconds of its last run without failure,
 * 0 before the first).
 */
public final class RetentionPurgeRunner implements SmartLifecycle {

    static final String PURGED_ROWS = "bakery.retention.purged.rows";
    static final String FAILURES = "bakery.retention.purge.failures";
    static final String DURATION = "bakery.retention.purge";
    static final String LAST_SUCCESS = "bakery.retention.last.success.timestamp";

    private static final Logger log = LoggerFactory.getLogger(RetentionPurgeRunner.class);

    private final List<Meters> purges;
    private final RetentionProperties properties;
    private final Clock clock;
    private final UnaryOperator<IntSupplier> transaction;
    private final ReentrantLock running = new ReentrantLock();
    private @Nullable ThreadPoolTaskScheduler scheduler;
    private @Nullable ScheduledFuture<?> schedule;

    /**
     * @param transaction wraps one batch into a transaction of its own
     * @param registry where the meters go, if anywhere
     */
    RetentionPurgeRunner(
            List<RetentionPurge> purges,
            RetentionProperties properties,
            Clock clock,
            UnaryOperator<IntSupplier> transaction,
            @Nullable MeterRegistry registry) {
        this.purges = purges.stream().map(purge -> new Meters(purge, registry)).toList();
        this.properties = properties;
        this.clock = clock;
        this.transaction = transaction;
    }

    /**
     * Runs every purge once, now, on the calling thread (waiting for a scheduled run in progress).
     *
     * @return records purged per purge name, in the purges' order
     */
    public Map<String, Long> runOnce() {
        running.lock();
        try {
            Instant now = clock.instant();
            var purged = new LinkedHashMap<String, Long>();
            for (Meters purge : purges) {
                purged.put(purge.name(), run(purge, now));
            }
            return purged;
        } finally {
            running.unlock();
        }
    }

    /** The names of the purges this runner runs. */
    public List<String> purgeNames() {
        return purges.stream().map(Meters::name).toList();
    }

    private long run(Meters purge, Instant now) {
        long started = System.nanoTime();
        long total = 0;
        try {
            int batch = properties.batchSize();
            int deleted;
            do {
                deleted = transaction
                        .apply(() -> purge.purge.purgeBatch(now, batch))
                        .getAsInt();
                total += deleted;
                purge.purged.increment(deleted);
            } while (deleted >= batch && !Thread.currentThread().isInterrupted());
            purge.lastSuccess.set(now.getEpochSecond());
        } catch (RuntimeException e) {
            purge.failures.increment();
            log.warn(
                    "Retention purge {} failed after purging {} records; it runs again in {}: {}",
                    purge.name(),
                    total,
                    properties.purgeInterval(),
                    e.toString(),
                    e);
        } finally {
            purge.duration.record(Duration.ofNanos(System.nanoTime() - started));
        }
        if (total > 0) {
            log.info(
                    "Retention purge {} purged {} records in {} ms",
                    purge.name(),
                    total,
                    (System.nanoTime() - started) / 1_000_000);
        }
        return total;
    }

    @Override
    public synchronized void start() {
        if (!properties.enabled() || purges.isEmpty() || scheduler != null) {
            return;
        }
        var pool = new ThreadPoolTaskScheduler();
        pool.setPoolSize(1);
        pool.setThreadNamePrefix("retention-purge-");
        pool.setWaitForTasksToCompleteOnShutdown(false);
        pool.initialize();
        scheduler = pool;
        schedule = pool.scheduleWithFixedDelay(
                this::runScheduled, clock.instant().plus(properties.initialDelay()), properties.purgeInterval());
        log.info(
                "Retention purges {} run every {} (first in {}), batches of {}",
                purgeNames(),
                properties.purgeInterval(),
                properties.initialDelay(),
                properties.batchSize());
    }

    private void runScheduled() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            log.warn("Retention purges failed: {}", e.toString(), e);
        }
    }

    @Override
    public synchronized void stop() {
        if (schedule != null) {
            schedule.cancel(true);
            schedule = null;
        }
        if (scheduler != null) {
            scheduler.shutdown();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    private static final class Meters {

        private final RetentionPurge purge;
        private final Counter purged;
        private final Counter failures;
        private final Timer duration;
        private final AtomicLong lastSuccess = new AtomicLong();

        Meters(RetentionPurge purge, @Nullable MeterRegistry registry) {
            this.purge = purge;
            MeterRegistry meters = registry != null ? registry : new SimpleMeterRegistry();
            String what = purge.name();
            purged = Counter.builder(PURGED_ROWS)
                    .description("Records purged (or redacted) at the end of their retention period")
                    .tag("what", what)
                    .register(meters);
            failures = Counter.builder(FAILURES)
                    .description("Runs of a retention purge that failed")
                    .tag("what", what)
                    .register(meters);
            duration = Timer.builder(DURATION)
                    .description("Runs of a retention purge")
                    .tag("what", what)
                    .register(meters);
            Gauge.builder(LAST_SUCCESS, lastSuccess, AtomicLong::get)
                    .description("When a retention purge last ran without failure (epoch seconds; 0: not yet)")
                    .tag("what", what)
                    .baseUnit("seconds")
                    .register(meters);
        }

        String name() {
            return purge.name();
        }
    }
}
