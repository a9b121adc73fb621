package com.bakeryia.orchestrator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The orchestrator's own metrics (Prometheus names):
 *
 * <ul>
 *   <li>{@code bakery_deletion_job_seconds{outcome}}: from a job's first start to its end, per
 *       outcome ({@code completed}, {@code failed})
 *   <li>{@code bakery_deletion_jobs_finished_total{status}}: jobs that reached COMPLETED, FAILED or
 *       CANCELLED
 *   <li>{@code bakery_deletion_jobs_active}: jobs this instance is running now
 *   <li>{@code bakery_deletion_step_seconds{service,outcome}}: one step's run (with its retries),
 *       per service and outcome ({@code succeeded}, {@code failed})
 *   <li>{@code bakery_deletion_step_rows_deleted_total{service}}: rows services reported deleted
 * </ul>
 */
public final class DeletionJobMetrics {

    private static final String JOB_SECONDS = "bakery.deletion.job";
    private static final String JOBS_FINISHED = "bakery.deletion.jobs.finished";
    private static final String JOBS_ACTIVE = "bakery.deletion.jobs.active";
    private static final String STEP_SECONDS = "bakery.deletion.step";
    private static final String STEP_ROWS_DELETED = "bakery.deletion.step.rows.deleted";

    private final MeterRegistry registry;
    private final AtomicInteger active = new AtomicInteger();

    DeletionJobMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder(JOBS_ACTIVE, active, AtomicInteger::get)
                .description("Deletion jobs this instance is running now")
                .register(registry);
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
                .register(registry)
                .record(duration);
    }

    /** A job reached an end state without running (cancelled). */
    public void jobFinished(String status) {
        Counter.builder(JOBS_FINISHED)
                .description("Deletion jobs that reached an end state")
                .tag("status", status)
                .register(registry)
                .increment();
    }

    /** One step ran, successfully or not. */
    public void stepFinished(String service, boolean succeeded, Duration duration, long rowsDeleted) {
        Timer.builder(STEP_SECONDS)
                .description("Duration of one service's step, retries included")
                .tag("service", service)
                .tag("outcome", succeeded ? "succeeded" : "failed")
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
}
