package com.bakeryia.orchestrator.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Gauges of the jobs waiting or running on all instances, read from the database:
 *
 * <ul>
 *   <li>{@code bakery_deletion_jobs_in_progress}: jobs PENDING or IN_PROGRESS;
 *   <li>{@code bakery_deletion_jobs_oldest_in_progress_age_seconds}: how long the oldest of them
 *       has been due (since its creation, or since its {@code not_before} when that is later: a
 *       job waiting out its grace period is not late), 0 when there is none.
 * </ul>
 *
 * <p>One query reads both, at most once per {@code cacheFor} on an instance however often it is
 * scraped, so that the scrapes of every replica cost the database one small query each every few
 * seconds. A scrape never waits for the database: it gets the last reading and, when that is
 * {@code cacheFor} old, starts the next read on the given executor (a virtual thread), whose result
 * the following scrapes get; a database that does not answer thus cannot make the scrape of every
 * other metric time out. Before the first reading, and while the query fails, both gauges show NaN;
 * a failure is logged at WARN once per streak of failures, not on every scrape.
 */
final class DeletionJobBacklog implements MeterBinder {

    static final String JOBS_IN_PROGRESS = "bakery.deletion.jobs.in.progress";
    static final String OLDEST_IN_PROGRESS_AGE = "bakery.deletion.jobs.oldest.in.progress.age";

    private static final Logger log = LoggerFactory.getLogger(DeletionJobBacklog.class);

    // Served by the partial index deletion_job_claimable (same predicate): only active jobs are read.
    private static final String READ_JOBS_IN_PROGRESS = """
            SELECT count(*) AS jobs, min(greatest(created_at, not_before)) AS oldest_due_at
              FROM deletion_job
             WHERE status IN ('PENDING', 'IN_PROGRESS')
            """;

    private static final int QUERY_TIMEOUT_SECONDS = 5;

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration cacheFor;
    private final Executor reads;
    private final AtomicBoolean readInFlight = new AtomicBoolean();
    private volatile Reading last = Reading.NONE;
    private volatile boolean failing;

    /**
     * Creates the gauges' source.
     *
     * @param dataSource the orchestrator's database
     * @param clock the clock that ages the jobs and the readings
     * @param cacheFor how long a reading serves the scrapes
     * @param reads runs each read of the database
     */
    DeletionJobBacklog(DataSource dataSource, Clock clock, Duration cacheFor, Executor reads) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
        this.clock = clock;
        this.cacheFor = cacheFor;
        this.reads = reads;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(JOBS_IN_PROGRESS, this, backlog -> backlog.current().jobs())
                .description("Deletion jobs PENDING or IN_PROGRESS on all instances (from the database)")
                .strongReference(true)
                .register(registry);
        TimeGauge.builder(
                        OLDEST_IN_PROGRESS_AGE,
                        this,
                        TimeUnit.SECONDS,
                        backlog -> backlog.current().oldestAgeSeconds())
                .description("How long the oldest deletion job PENDING or IN_PROGRESS has been due (since its"
                        + " creation or its not_before, the later), 0 when there is none (from the database)")
                .strongReference(true)
                .register(registry);
    }

    /** The last reading; once it is {@code cacheFor} old, a read is started for the next scrapes. */
    Reading current() {
        Instant now = clock.instant();
        if (!now.isBefore(last.readAt().plus(cacheFor)) && readInFlight.compareAndSet(false, true)) {
            boolean started = false;
            try {
                reads.execute(() -> {
                    try {
                        last = read(clock.instant());
                    } finally {
                        readInFlight.set(false);
                    }
                });
                started = true;
            } finally {
                if (!started) {
                    readInFlight.set(false);
                }
            }
        }
        return last;
    }

    private Reading read(Instant now) {
        try {
            Reading reading = jdbc.queryForObject(READ_JOBS_IN_PROGRESS, (row, number) -> reading(row, now));
            if (failing) {
                failing = false;
                log.info("Reading the deletion jobs in progress for the metrics works again");
            }
            return reading;
        } catch (DataAccessException ex) {
            if (!failing) {
                failing = true;
                log.warn(
                        "Cannot read the deletion jobs in progress from the database: {} and {} show NaN until a"
                                + " read succeeds (logged once until then): {}",
                        JOBS_IN_PROGRESS,
                        OLDEST_IN_PROGRESS_AGE,
                        ex.getMostSpecificCause().getMessage());
            }
            return new Reading(now, Double.NaN, Double.NaN);
        }
    }

    private static Reading reading(ResultSet row, Instant now) throws SQLException {
        long jobs = row.getLong("jobs");
        OffsetDateTime oldest = row.getObject("oldest_due_at", OffsetDateTime.class);
        double age = 0;
        if (oldest != null) {
            long nanos = Math.max(0, Duration.between(oldest.toInstant(), now).toNanos());
            age = (double) nanos / TimeUnit.SECONDS.toNanos(1);
        }
        return new Reading(now, jobs, age);
    }

    /**
     * One reading of the database.
     *
     * @param readAt when it was read
     * @param jobs jobs PENDING or IN_PROGRESS, NaN when the read failed
     * @param oldestAgeSeconds age of the oldest of them in seconds, 0 without any, NaN when the read
     *     failed
     */
    record Reading(Instant readAt, double jobs, double oldestAgeSeconds) {

        static final Reading NONE = new Reading(Instant.MIN, Double.NaN, Double.NaN);
    }
}
