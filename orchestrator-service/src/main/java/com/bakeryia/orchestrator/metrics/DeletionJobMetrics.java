package com.bakeryia.orchestrator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The orchestrator's own metrics (Prometheus names; every meter also carries the {@code
 * application} tag):
 *
 * <ul>
 *   <li>{@code bakery_deletion_job_seconds{outcome}} (histogram: {@code _bucket}, {@code _count},
 *       {@code _sum}, {@code _max}; buckets from 10 ms to 1 h): from a job's first start to its
 *       end, per outcome ({@code completed}, {@code failed})
 *   <li>{@code bakery_deletion_jobs_finished_total{status}}: jobs that reached COMPLETED, FAILED or
 *       CANCELLED; each status registered at zero at start-up, so that {@code increase()} sees the
 *       first one after a restart
 *   <li>{@code bakery_deletion_jobs_active}: jobs this instance is running now
 *   <li>{@code bakery_deletion_step_seconds{service,outcome}} (histogram, buckets from 5 ms to 30
 *       min): one step's run (with its retries), per service and outcome ({@code succeeded}, {@code
 *       failed})
 *   <li>{@code bakery_deletion_step_rows_deleted_total{service}}: rows services reported deleted
 *   <li>{@code bakery_deletion_jobs{status}}, {@code bakery_deletion_jobs_in_progress}, {@code
 *       bakery_deletion_jobs_oldest_in_progress_age_seconds}, {@code
 *       bakery_deletion_jobs_longest_retrying_seconds} and {@code
 *       bakery_deletion_jobs_nearest_deadline_seconds}: the jobs of all instances, read from the
 *       database ({@link DeletionJobBacklog})
 * </ul>
 */
public final class DeletionJobMetrics {

    private static final String JOB_SECONDS = "bakery.deletion.job";
    private static final String JOBS_FINISHED = "bakery.deletion.jobs.finished";
    private static final String JOBS_ACTIVE = "bakery.deletion.jobs.active";
    private static final String STEP_SECONDS = "bakery.deletion.step";
    private static final String STEP_ROWS_DELETED = "bakery.deletion.step.rows.deleted";

    /** The end states of a job (JobStatus), named here so that metrics do not depend on the job package. */
    static final List<String> END_STATUSES = List.of("COMPLETED", "FAILED", "CANCELLED");

    private static final Duration SHORTEST_JOB = Duration.ofMillis(10);
    private static final Duration LONGEST_JOB = Duration.ofHours(1);
    private static final Duration SHORTEST_STEP = Duration.ofMillis(5);
    private static final Duration LONGEST_STEP = Duration.ofMinutes(30);

    private final MeterRegistry registry;
    private final AtomicInteger active = new AtomicInteger();

    DeletionJobMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder(JOBS_ACTIVE, active, AtomicInteger::get)
                .description("Deletion jobs this instance is running now")
                .register(registry);
        END_STATUSES.forEach(this::jobsFinished);
    }

    /** A job starts running on this instance. */
    public void jobStarted() {
        active.incrementAndGet();
    }

    /** A job stops running on this instance (finished, failed, or its lease lost). */
    public void jobStopped() {
        active.decrementAndGet();
    }

    /** A job that ran reached an end state, {@code duration} after its first start. */
    public void jobFinished(String status, Duration duration) {
        jobFinished(status);
        Timer.builder(JOB_SECONDS)
                .description("Duration of deletion jobs from first start to end")
                .tag("outcome", status.toLowerCase(Locale.ROOT))
                .publishPercentileHistogram()
                .minimumExpectedValue(SHORTEST_JOB)
                .maximumExpectedValue(LONGEST_JOB)
                .register(registry)
                .record(duration);
    }

    /** A job reached an end state without running (cancelled). */
    public void jobFinished(String status) {
        jobsFinished(status).increment();
    }

    /** One step ran, successfully or not. */
    public void stepFinished(String service, boolean succeeded, Duration duration, long rowsDeleted) {
        Timer.builder(STEP_SECONDS)
                .description("Duration of one service's step, retries included")
                .tag("service", service)
                .tag("outcome", succeeded ? "succeeded" : "failed")
                .publishPercentileHistogram()
                .minimumExpectedValue(SHORTEST_STEP)
                .maximumExpectedValue(LONGEST_STEP)
                .register(registry)
                .record(duration);
        if (succeeded) {
            Counter.builder(STEP_ROWS_DELETED)
                    .description("Rows the services reported deleted")
                    .tag("service", service)
                    .register(registry)
                    .increment(rowsDeleted);
        }
    }

    private Counter jobsFinished(String status) {
        return Counter.builder(JOBS_FINISHED)
                .description("Deletion jobs that reached an end state")
                .tag("status", status)
                .register(registry);
    }
}
