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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Gauges of the jobs of all instances, read from the database:
 *
 * <ul>
 *   <li>{@code bakery_deletion_jobs{status}}: jobs PENDING, IN_PROGRESS, RETRYING and FAILED now
 *       (each status registered at start-up); the FAILED alert fires for as long as it is above 0;
 *   <li>{@code bakery_deletion_jobs_in_progress}: jobs PENDING, IN_PROGRESS or RETRYING;
 *   <li>{@code bakery_deletion_jobs_oldest_in_progress_age_seconds}: how long the oldest job
 *       PENDING or IN_PROGRESS that is not in a streak of retries has been due (since its creation,
 *       or since its {@code not_before} when that is later: a job waiting out its grace period is
 *       not late), 0 when there is none; a retrying job is measured by the next gauge instead;
 *   <li>{@code bakery_deletion_jobs_longest_retrying_seconds}: how long the job retrying longest
 *       has been (since its {@code retrying_since}; RETRYING, or IN_PROGRESS again between two
 *       retries), 0 when none retries;
 *   <li>{@code bakery_deletion_jobs_nearest_deadline_seconds}: the time left to the nearest
 *       deadline of a job not ended (PENDING, IN_PROGRESS or RETRYING) and not on legal hold,
 *       negative once passed, NaN when there is none;
 *   <li>{@code bakery_deletion_tenants_on_hold}: tenants with an active legal hold;
 *   <li>{@code bakery_deletion_jobs_on_hold}: jobs not ended whose tenant is on legal hold (they
 *       wait, and count neither toward the oldest due job nor the nearest deadline: a lift puts
 *       their deadline back by the time held).
 * </ul>
 *
 * <p>One query reads them all, at most once per {@code cacheFor} on an instance however often it
 * is scraped, so that the scrapes of every replica cost the database one small query each every few
 * seconds. A scrape never waits for the database: it gets the last reading and, when that is
 * {@code cacheFor} old, starts the next read on the given executor (a virtual thread), whose result
 * the following scrapes get; a database that does not answer thus cannot make the scrape of every
 * other metric time out. Before the first reading, and while the query fails, every gauge shows
 * NaN; a failure is logged at WARN once per streak of failures, not on every scrape.
 */
final class DeletionJobBacklog implements MeterBinder {

    static final String JOBS = "bakery.deletion.jobs";
    static final String JOBS_IN_PROGRESS = "bakery.deletion.jobs.in.progress";
    static final String OLDEST_IN_PROGRESS_AGE = "bakery.deletion.jobs.oldest.in.progress.age";
    static final String LONGEST_RETRYING = "bakery.deletion.jobs.longest.retrying";
    static final String NEAREST_DEADLINE = "bakery.deletion.jobs.nearest.deadline";
    static final String TENANTS_ON_HOLD = "bakery.deletion.tenants.on.hold";
    static final String JOBS_ON_HOLD = "bakery.deletion.jobs.on.hold";

    /** The statuses {@code bakery_deletion_jobs} counts (JobStatus names; metrics do not depend on the store). */
    static final List<String> COUNTED_STATUSES = List.of("PENDING", "IN_PROGRESS", "RETRYING", "FAILED");

    private static final Logger log = LoggerFactory.getLogger(DeletionJobBacklog.class);

    // Only jobs of the counted statuses are read (the index deletion_job_by_status); the ended ones are not.
    // Holds are few: the active ones are read by the partial unique index tenant_legal_hold_one_active_per_tenant.
    private static final String READ_JOBS = """
            SELECT count(*) FILTER (WHERE status = 'PENDING') AS pending,
                   count(*) FILTER (WHERE status = 'IN_PROGRESS') AS in_progress,
                   count(*) FILTER (WHERE status = 'RETRYING') AS retrying,
                   count(*) FILTER (WHERE status = 'FAILED') AS failed,
                   min(greatest(created_at, not_before))
                       FILTER (WHERE status IN ('PENDING', 'IN_PROGRESS') AND retrying_since IS NULL
                                AND NOT awaiting_approval AND hold.tenant_id IS NULL) AS oldest_due_at,
                   min(retrying_since) FILTER (WHERE status IN ('IN_PROGRESS', 'RETRYING')) AS retrying_since,
                   min(deadline_at) FILTER (WHERE status IN ('PENDING', 'IN_PROGRESS', 'RETRYING')
                                              AND hold.tenant_id IS NULL) AS nearest_deadline_at,
                   count(*) FILTER (WHERE hold.tenant_id IS NOT NULL) AS jobs_on_hold,
                   (SELECT count(*) FROM tenant_legal_hold WHERE lifted_at IS NULL) AS tenants_on_hold
              FROM deletion_job
              LEFT JOIN tenant_legal_hold hold ON hold.tenant_id = deletion_job.tenant_id AND hold.lifted_at IS NULL
             WHERE status IN ('PENDING', 'IN_PROGRESS', 'RETRYING', 'FAILED')
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
        for (String status : COUNTED_STATUSES) {
            Gauge.builder(JOBS, this, backlog -> backlog.current().jobs(status))
                    .description("Deletion jobs in each active status now, on all instances (from the database)")
                    .tag("status", status)
                    .strongReference(true)
                    .register(registry);
        }
        Gauge.builder(JOBS_IN_PROGRESS, this, backlog -> backlog.current().inProgress())
                .description("Deletion jobs PENDING, IN_PROGRESS or RETRYING on all instances (from the database)")
                .strongReference(true)
                .register(registry);
        TimeGauge.builder(
                        OLDEST_IN_PROGRESS_AGE,
                        this,
                        TimeUnit.SECONDS,
                        backlog -> backlog.current().oldestAgeSeconds())
                .description(
                        "How long the oldest deletion job PENDING or IN_PROGRESS and not retrying has been due"
                                + " (since its creation or its not_before, the later), 0 when there is none (from the database)")
                .strongReference(true)
                .register(registry);
        TimeGauge.builder(
                        LONGEST_RETRYING,
                        this,
                        TimeUnit.SECONDS,
                        backlog -> backlog.current().longestRetryingSeconds())
                .description("How long the deletion job retrying longest has been retrying (since its"
                        + " retrying_since), 0 when none is (from the database)")
                .strongReference(true)
                .register(registry);
        Gauge.builder(TENANTS_ON_HOLD, this, backlog -> backlog.current().tenantsOnHold())
                .description("Tenants whose erasure is on legal hold now (from the database)")
                .strongReference(true)
                .register(registry);
        Gauge.builder(JOBS_ON_HOLD, this, backlog -> backlog.current().jobsOnHold())
                .description("Deletion jobs not ended whose tenant is on legal hold, waiting (from the database)")
                .strongReference(true)
                .register(registry);
        TimeGauge.builder(
                        NEAREST_DEADLINE,
                        this,
                        TimeUnit.SECONDS,
                        backlog -> backlog.current().nearestDeadlineSeconds())
                .description("Time left to the nearest deadline of a deletion job not ended (negative once passed),"
                        + " NaN when there is none (from the database)")
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
            Reading reading = jdbc.queryForObject(READ_JOBS, (row, number) -> reading(row, now));
            if (failing) {
                failing = false;
                log.info("Reading the deletion jobs in progress for the metrics works again");
            }
            return reading;
        } catch (DataAccessException ex) {
            if (!failing) {
                failing = true;
                log.warn(
                        "Cannot read the deletion jobs in progress from the database: {}* show NaN until a"
                                + " read succeeds (logged once until then): {}",
                        JOBS,
                        ex.getMostSpecificCause().getMessage());
            }
            return Reading.failed(now);
        }
    }

    private static Reading reading(ResultSet row, Instant now) throws SQLException {
        Map<String, Double> jobs = new LinkedHashMap<>();
        for (String status : COUNTED_STATUSES) {
            jobs.put(status, (double) row.getLong(status.toLowerCase(Locale.ROOT)));
        }
        OffsetDateTime oldest = row.getObject("oldest_due_at", OffsetDateTime.class);
        OffsetDateTime retryingSince = row.getObject("retrying_since", OffsetDateTime.class);
        OffsetDateTime nearestDeadline = row.getObject("nearest_deadline_at", OffsetDateTime.class);
        return new Reading(
                now,
                Map.copyOf(jobs),
                oldest != null ? Math.max(0, seconds(oldest.toInstant(), now)) : 0,
                retryingSince != null ? Math.max(0, seconds(retryingSince.toInstant(), now)) : 0,
                nearestDeadline != null ? seconds(now, nearestDeadline.toInstant()) : Double.NaN,
                row.getLong("tenants_on_hold"),
                row.getLong("jobs_on_hold"));
    }

    /** Seconds from {@code from} to {@code to}, negative when {@code to} is earlier. */
    private static double seconds(Instant from, Instant to) {
        return (double) Duration.between(from, to).toNanos() / TimeUnit.SECONDS.toNanos(1);
    }

    /**
     * One reading of the database; every figure is NaN when the read failed.
     *
     * @param readAt when it was read
     * @param jobs jobs per counted status, empty when the read failed
     * @param oldestAgeSeconds age of the oldest job PENDING or IN_PROGRESS and not retrying, 0 without any
     * @param longestRetryingSeconds how long the job retrying longest has been, 0 without any
     * @param nearestDeadlineSeconds time left to the nearest deadline, NaN without any job not ended
     * @param tenantsOnHold tenants with an active legal hold
     * @param jobsOnHold jobs not ended whose tenant is on legal hold
     */
    record Reading(
            Instant readAt,
            Map<String, Double> jobs,
            double oldestAgeSeconds,
            double longestRetryingSeconds,
            double nearestDeadlineSeconds,
            double tenantsOnHold,
            double jobsOnHold) {

        static final Reading NONE = failed(Instant.MIN);

        static Reading failed(Instant readAt) {
            return new Reading(readAt, Map.of(), Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }

        double jobs(String status) {
            return jobs.getOrDefault(status, Double.NaN);
        }

        /** Jobs PENDING, IN_PROGRESS or RETRYING. */
        double inProgress() {
            return jobs("PENDING") + jobs("IN_PROGRESS") + jobs("RETRYING");
        }
    }
}
