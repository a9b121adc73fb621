package com.bakeryia.orchestrator.execution;

import com.bakeryia.deletion.api.DeletionResult;
import com.bakeryia.orchestrator.client.CallInterruptedException;
import com.bakeryia.orchestrator.client.ServiceCallException;
import com.bakeryia.orchestrator.client.ServiceClient;
import com.bakeryia.orchestrator.metrics.DeletionJobMetrics;
import com.bakeryia.orchestrator.registry.ServiceEndpoint;
import com.bakeryia.orchestrator.registry.ServiceRegistry;
import com.bakeryia.orchestrator.store.DeletionJob;
import com.bakeryia.orchestrator.store.DeletionStep;
import com.bakeryia.orchestrator.store.FailureReason;
import com.bakeryia.orchestrator.store.JobHeldException;
import com.bakeryia.orchestrator.store.JobLease;
import com.bakeryia.orchestrator.store.JobStore;
import com.bakeryia.orchestrator.store.LeaseLostException;
import com.bakeryia.orchestrator.store.StepStatus;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one claimed job, as the contract's state machine says: a job claimed after its deadline
 * becomes FAILED (reason {@code deadline}); otherwise every due domain step (PENDING, interrupted,
 * or RETRYING whose next attempt has come) runs in parallel on virtual threads. Once they all
 * ended: a step FAILED makes the job FAILED; else a step RETRYING makes the job RETRYING until
 * the earliest next attempt, releasing it; else, every domain step having succeeded, the final
 * step runs under the same rules, and then the job is COMPLETED. Steps that already succeeded are
 * never called again.
 *
 * <p>A step's failure, after the client's own quick retries, is classified by the client ({@link
 * ServiceCallException#outcome()}): REJECTED and RESIDUE fail the step for good; RETRYABLE
 * schedules its next attempt by {@link StepBackoff}, counted, or as long as the service or the
 * breaker asked ({@link ServiceCallException#retryAfter()}), not counted.
 *
 * <p>At most {@code orchestrator.worker.max-parallel-steps} domain steps of the job call their
 * services at once (by default all of them); the others wait for a free place.
 */
class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final JobStore jobs;
    private final ServiceRegistry registry;
    private final ServiceClient client;
    private final DeletionJobMetrics metrics;
    private final Clock clock;
    private final StepBackoff backoff;
    private final int maxParallelSteps;

    JobRunner(
            JobStore jobs,
            ServiceRegistry registry,
            ServiceClient client,
            DeletionJobMetrics metrics,
            Clock clock,
            StepBackoff backoff,
            int maxParallelSteps) {
        if (maxParallelSteps < 1) {
            throw new IllegalArgumentException("maxParallelSteps must be at least 1: " + maxParallelSteps);
        }
        this.jobs = jobs;
        this.registry = registry;
        this.client = client;
        this.metrics = metrics;
        this.clock = clock;
        this.backoff = backoff;
        this.maxParallelSteps = maxParallelSteps;
    }

    /**
     * Runs the job under the lease until it is COMPLETED, RETRYING or FAILED.
     *
     * @throws LeaseLostException when the lease was lost (or calls were stopped) on the way; what
     *     was written until then stands
     * @throws InterruptedException when the worker is stopping
     */
    void run(JobLease lease) throws InterruptedException {
        DeletionJob job = jobs.find(lease);
        if (lease.deadlinePassed()) {
            failForDeadline(lease, job);
            return;
        }
        runInParallel(lease, due(lease, job, false));
        job = jobs.find(lease);
        // Only the domain steps decide here: the final step may still be RETRYING from an earlier
        // run, and is due now (taking it for "waits for a later attempt" claimed the job for ever).
        if (ended(lease, job, false)) {
            return;
        }
        if (job.steps().stream().anyMatch(step -> !step.finalStep() && step.status() != StepStatus.SUCCEEDED)) {
            throw new IllegalStateException("Deletion job " + lease.jobId() + " has domain steps neither succeeded,"
                    + " failed nor retrying after its run: " + job.steps());
        }
        for (DeletionStep step : due(lease, job, true)) {
            runStep(lease, step);
        }
        job = jobs.find(lease);
        if (ended(lease, job, true)) {
            return;
        }
        long totalDeleted = job.totalDeleted();
        Instant finishedAt = jobs.completeJob(lease, totalDeleted);
        log.info(
                "Deletion job {} of tenant {} COMPLETED: {} rows deleted",
                lease.jobId(),
                lease.tenantId(),
                totalDeleted);
        metrics.jobFinished("COMPLETED", Duration.between(lease.startedAt(), finishedAt));
    }

    /** The steps to run now: not ended, and not waiting for a later attempt. */
    private static List<DeletionStep> due(JobLease lease, DeletionJob job, boolean finalSteps) {
        return job.steps().stream()
                .filter(step -> step.finalStep() == finalSteps)
                .filter(step -> switch (step.status()) {
                    case PENDING, IN_PROGRESS -> true;
                    case RETRYING ->
                        step.nextAttemptAt() == null || !step.nextAttemptAt().isAfter(lease.claimedAt());
                    case SUCCEEDED, FAILED -> false;
                })
                .toList();
    }

    /**
     * Ends the run when a step failed for good (job FAILED) or waits for a later attempt (job
     * RETRYING).
     *
     * @param withFinalSteps whether the final steps count (only once they have run in this run)
     * @return whether the job left IN_PROGRESS
     */
    private boolean ended(JobLease lease, DeletionJob job, boolean withFinalSteps) {
        List<DeletionStep> considered = job.steps().stream()
                .filter(step -> withFinalSteps || !step.finalStep())
                .toList();
        List<DeletionStep> failed = considered.stream()
                .filter(step -> step.status() == StepStatus.FAILED)
                .toList();
        if (!failed.isEmpty()) {
            FailureReason reason =
                    failed.get(0).failureReason() != null ? failed.get(0).failureReason() : FailureReason.REJECTED;
            String error = failed.stream()
                    .map(step -> step.lastError() != null ? step.lastError() : step.serviceName() + ": failed")
                    .collect(Collectors.joining("; "));
            Instant finishedAt = jobs.failJob(lease, reason, error);
            log.warn(
                    "Deletion job {} of tenant {} FAILED ({}): {}",
                    lease.jobId(),
                    lease.tenantId(),
                    reason.code(),
                    error);
            metrics.jobFinished("FAILED", Duration.between(lease.startedAt(), finishedAt));
            return true;
        }
        if (considered.stream().anyMatch(step -> step.status() == StepStatus.RETRYING)) {
            Instant next = jobs.retryJobLater(lease);
            log.info(
                    "Deletion job {} of tenant {} RETRYING: next attempt at {}", lease.jobId(), lease.tenantId(), next);
            return true;
        }
        return false;
    }

    private void failForDeadline(JobLease lease, DeletionJob job) {
        String unfinished = job.steps().stream()
                .filter(step -> step.status() != StepStatus.SUCCEEDED)
                .map(step -> step.lastError() != null
                        ? step.serviceName() + " (last error: " + step.lastError() + ")"
                        : step.serviceName())
                .collect(Collectors.joining(", "));
        String error = "deadline " + job.deadline() + " passed before every step succeeded; not done: " + unfinished;
        Instant finishedAt = jobs.failJob(lease, FailureReason.DEADLINE, error);
        log.warn("Deletion job {} of tenant {} FAILED: {}", lease.jobId(), lease.tenantId(), error);
        metrics.jobFinished("FAILED", Duration.between(lease.startedAt(), finishedAt));
    }

    private void runInParallel(JobLease lease, List<DeletionStep> steps) throws InterruptedException {
        Semaphore places = new Semaphore(maxParallelSteps);
        List<Callable<Void>> calls = new ArrayList<>();
        for (DeletionStep step : steps) {
            calls.add(() -> {
                try {
                    places.acquire();
                } catch (InterruptedException ex) {
                    // Waiting for a place: the job is being stopped, as a call in flight would be.
                    Thread.currentThread().interrupt();
                    throw new CallInterruptedException(ex);
                }
                try {
                    runStep(lease, step);
                } finally {
                    places.release();
                }
                return null;
            });
        }
        List<Future<Void>> results;
        try (ExecutorService executor = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("job-" + lease.jobId() + "-step-", 0).factory())) {
            results = executor.invokeAll(calls);
        }
        RuntimeException stop = null;
        for (Future<Void> result : results) {
            try {
                result.get();
            } catch (ExecutionException ex) {
                if (ex.getCause() instanceof RuntimeException runtime) {
                    // The hold is why the other steps found their claim revoked: say so.
                    stop = stop == null || runtime instanceof JobHeldException ? runtime : stop;
                } else {
                    throw new IllegalStateException("A step failed unexpectedly", ex.getCause());
                }
            }
        }
        if (stop != null) {
            throw stop;
        }
    }

    /** Runs one step and records how it ended: SUCCEEDED, RETRYING or FAILED. */
    private void runStep(JobLease lease, DeletionStep step) {
        String service = step.serviceName();
        Optional<ServiceEndpoint> endpoint = registry.find(service);
        if (endpoint.isEmpty()) {
            // Not started: no call was made, so a job failing only for this can still be cancelled.
            jobs.failStep(
                    lease,
                    service,
                    FailureReason.NOT_CONFIGURED,
                    service + ": not among the enabled orchestrator.services",
                    Duration.ZERO);
            metrics.stepFinished(service, false, Duration.ZERO, 0);
            return;
        }
        Instant started = clock.instant();
        jobs.startStep(lease, service);
        try {
            DeletionResult answer = client.delete(
                    endpoint.get(), lease.tenantId(), lease.jobId(), () -> jobs.countAttempt(lease, service));
            Duration duration = Duration.between(started, clock.instant());
            jobs.succeedStep(lease, service, answer, duration);
            metrics.stepFinished(service, true, duration, answer.totalDeleted());
        } catch (ServiceCallException ex) {
            Duration duration = Duration.between(started, clock.instant());
            String error = ex.getMessage();
            switch (ex.outcome()) {
                case REJECTED, RESIDUE -> {
                    FailureReason reason = ex.outcome() == ServiceCallException.Outcome.RESIDUE
                            ? FailureReason.RESIDUE
                            : FailureReason.REJECTED;
                    jobs.failStep(lease, service, reason, error, duration);
                    metrics.stepFinished(service, false, duration, 0);
                }
                case RETRYABLE -> scheduleRetry(lease, step, error, ex.retryAfter(), duration);
            }
        } catch (CallNotPermittedException | BulkheadFullException ex) {
            // The client maps these to a RETRYABLE ServiceCallException with a retryAfter; should one
            // escape it anyway, the step waits as for an open breaker rather than leaving the job stuck.
            scheduleRetry(
                    lease,
                    step,
                    service + ": " + ex.getMessage(),
                    Optional.of(backoff.counted(0)),
                    Duration.between(started, clock.instant()));
        }
    }

    private void scheduleRetry(
            JobLease lease, DeletionStep step, String error, Optional<Duration> asked, Duration duration) {
        Duration delay = asked.map(backoff::requested).orElseGet(() -> backoff.counted(step.retries()));
        JobStore.ScheduledRetry retry =
                jobs.scheduleStepRetry(lease, step.serviceName(), error, delay, asked.isEmpty(), duration);
        log.info(
                "Step {} of deletion job {} RETRYING at {} ({}): {}",
                step.serviceName(),
                lease.jobId(),
                retry.nextAttemptAt(),
                asked.isPresent() ? "as asked, not counted" : "retry " + retry.retries(),
                error);
    }
}
