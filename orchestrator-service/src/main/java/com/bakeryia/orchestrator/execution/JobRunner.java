package com.bakeryia.orchestrator.execution;

import com.bakeryia.deletion.api.DeletionResult;
import com.bakeryia.orchestrator.client.ServiceCallException;
import com.bakeryia.orchestrator.client.ServiceClient;
import com.bakeryia.orchestrator.metrics.DeletionJobMetrics;
import com.bakeryia.orchestrator.registry.ServiceEndpoint;
import com.bakeryia.orchestrator.registry.ServiceRegistry;
import com.bakeryia.orchestrator.store.DeletionJob;
import com.bakeryia.orchestrator.store.DeletionStep;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one claimed job: every unfinished domain step in parallel on virtual threads, then, when all
 * of them succeeded, the final step; then COMPLETED. A failed step makes the job FAILED once the
 * other steps have finished. Steps that already succeeded (in an earlier run) are not called again.
 */
class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final JobStore jobs;
    private final ServiceRegistry registry;
    private final ServiceClient client;
    private final DeletionJobMetrics metrics;
    private final Clock clock;

    JobRunner(JobStore jobs, ServiceRegistry registry, ServiceClient client, DeletionJobMetrics metrics, Clock clock) {
        this.jobs = jobs;
        this.registry = registry;
        this.client = client;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Runs the job under the lease until it is COMPLETED or FAILED.
     *
     * @throws LeaseLostException when the lease was lost on the way; nothing more was written
     * @throws InterruptedException when the worker is stopping
     */
    void run(JobLease lease) throws InterruptedException {
        DeletionJob job = jobs.find(lease);
        List<DeletionStep> domainSteps = new ArrayList<>();
        List<DeletionStep> finalSteps = new ArrayList<>();
        for (DeletionStep step : job.steps()) {
            if (step.status() != StepStatus.SUCCEEDED) {
                (step.finalStep() ? finalSteps : domainSteps).add(step);
            }
        }
        List<String> errors = runInParallel(lease, domainSteps);
        if (errors.isEmpty()) {
            for (DeletionStep step : finalSteps) {
                runStep(lease, step).ifPresent(errors::add);
            }
        }
        Instant finishedAt;
        String outcome;
        if (errors.isEmpty()) {
            long totalDeleted = jobs.find(lease).totalDeleted();
            finishedAt = jobs.completeJob(lease, totalDeleted);
            outcome = "COMPLETED";
            log.info(
                    "Deletion job {} of tenant {} COMPLETED: {} rows deleted",
                    lease.jobId(),
                    lease.tenantId(),
                    totalDeleted);
        } else {
            String error = String.join("; ", errors);
            finishedAt = jobs.failJob(lease, error);
            outcome = "FAILED";
            log.warn("Deletion job {} of tenant {} FAILED: {}", lease.jobId(), lease.tenantId(), error);
        }
        metrics.jobFinished(outcome, Duration.between(lease.startedAt(), finishedAt));
    }

    private List<String> runInParallel(JobLease lease, List<DeletionStep> steps) throws InterruptedException {
        List<Callable<Optional<String>>> calls = new ArrayList<>();
        for (DeletionStep step : steps) {
            calls.add(() -> runStep(lease, step));
        }
        List<Future<Optional<String>>> results;
        try (ExecutorService executor = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("job-" + lease.jobId() + "-step-", 0).factory())) {
            results = executor.invokeAll(calls);
        }
        List<String> errors = new ArrayList<>();
        RuntimeException stop = null;
        for (Future<Optional<String>> result : results) {
            try {
                result.get().ifPresent(errors::add);
            } catch (ExecutionException ex) {
                if (ex.getCause() instanceof RuntimeException runtime) {
                    stop = stop == null ? runtime : stop;
                } else {
                    throw new IllegalStateException("A step failed unexpectedly", ex.getCause());
                }
            }
        }
        if (stop != null) {
            throw stop;
        }
        return errors;
    }

    /** Runs one step; empty when it succeeded, else its error naming the service. */
    private Optional<String> runStep(JobLease lease, DeletionStep step) {
        String service = step.serviceName();
        Instant started = clock.instant();
        jobs.startStep(lease, service);
        Optional<ServiceEndpoint> endpoint = registry.find(service);
        String error;
        try {
            if (endpoint.isEmpty()) {
                error = service + ": not among the enabled orchestrator.services";
            } else {
                DeletionResult answer = client.delete(
                        endpoint.get(), lease.tenantId(), lease.jobId(), () -> jobs.countAttempt(lease, service));
                Duration duration = Duration.between(started, clock.instant());
                jobs.succeedStep(lease, service, answer, duration);
                metrics.stepFinished(service, true, duration, answer.totalDeleted());
                return Optional.empty();
            }
        } catch (ServiceCallException ex) {
            error = ex.getMessage();
        } catch (CallNotPermittedException ex) {
            error = service + ": circuit breaker open, calls not permitted";
        } catch (BulkheadFullException ex) {
            error = service + ": too many concurrent calls (bulkhead full)";
        }
        Duration duration = Duration.between(started, clock.instant());
        jobs.failStep(lease, service, error, duration);
        metrics.stepFinished(service, false, duration, 0);
        return Optional.of(error);
    }
}
