package com.bakeryia.orchestrator.execution;

import static com.bakeryia.orchestrator.support.FleetStub.success;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bakeryia.orchestrator.client.ServiceClient;
import com.bakeryia.orchestrator.metrics.DeletionJobMetrics;
import com.bakeryia.orchestrator.registry.ServiceRegistry;
import com.bakeryia.orchestrator.store.FailureReason;
import com.bakeryia.orchestrator.store.JobLease;
import com.bakeryia.orchestrator.store.JobStore;
import com.bakeryia.orchestrator.store.JobsProperties;
import com.bakeryia.orchestrator.support.OrchestratorTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * The worker's bookkeeping of the jobs it runs: when one job is claimed again by the same worker,
 * and when the worker stops while calls are in flight.
 */
@TestPropertySource(properties = "orchestrator.worker.enabled=false")
class JobWorkerRunningEntryIntegrationTests extends OrchestratorTestSupport {

    @Autowired
    private JobRunner jobRunner;

    @Autowired
    private JobsProperties jobsProperties;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private JobStore leases;

    @Autowired
    private ServiceRegistry registry;

    @Autowired
    private ServiceClient client;

    @Autowired
    private DeletionJobMetrics metrics;

    @Autowired
    private Clock clock;

    /** A job this class left unfinished (after a failed assertion) must not be claimed by the next test's worker. */
    @AfterEach
    void endUnfinishedJobs() {
        jdbc.sql("""
                        UPDATE deletion_job SET status = 'FAILED', failure_reason = 'rejected', error = 'ended by the test',
                               finished_at = now(), lease_expires_at = now()
                         WHERE status IN ('PENDING', 'IN_PROGRESS', 'RETRYING')
                        """).update();
    }

    @Test
    void theEndOfAnEarlierRunDoesNotDropTheEntryOfTheJobClaimedAgain() throws Exception {
        UUID jobId = createJob(UUID.randomUUID());
        AtomicInteger runs = new AtomicInteger();
        AtomicReference<Thread> firstRun = new AtomicReference<>();
        CountDownLatch secondRunStarted = new CountDownLatch(1);
        CountDownLatch endSecondRun = new CountDownLatch(1);
        // The first run hands its lease back and ends only once the same worker has claimed the job
        // again (as after a lost lease); the second run holds until the test lets it end.
        JobRunner runner =
                new JobRunner(
                        leases,
                        registry,
                        client,
                        metrics,
                        clock,
                        new StepBackoff(jobsProperties.retry(), RandomGenerator.getDefault()),
                        WorkerProperties.DEFAULT_MAX_PARALLEL_STEPS) {
                    @Override
                    void run(JobLease lease) throws InterruptedException {
                        assertThat(lease.jobId()).isEqualTo(jobId);
                        if (runs.incrementAndGet() == 1) {
                            firstRun.set(Thread.currentThread());
                            leases.release(lease);
                            secondRunStarted.await(20, TimeUnit.SECONDS);
                            return;
                        }
                        secondRunStarted.countDown();
                        try {
                            endSecondRun.await(20, TimeUnit.SECONDS);
                        } finally {
                            leases.failJob(lease, FailureReason.REJECTED, "ended by the test");
                        }
                    }
                };
        WorkerProperties properties = new WorkerProperties(
                true,
                "re-claiming-worker",
                Duration.ofSeconds(30),
                Duration.ofSeconds(5),
                Duration.ofMillis(50),
                2,
                Duration.ofSeconds(5),
                WorkerProperties.DEFAULT_MAX_PARALLEL_STEPS);
        JobWorker worker = new JobWorker(properties.id(), leases, runner, properties, metrics);
        worker.start();
        try {
            assertThat(secondRunStarted.await(20, TimeUnit.SECONDS))
                    .as("the job is claimed again")
                    .isTrue();
            Thread first = firstRun.get();
            assertThat(first.join(Duration.ofSeconds(20)))
                    .as("the first run ended")
                    .isTrue();

            assertThat(worker.runningJobs())
                    .as("the second run is still counted as running")
                    .isEqualTo(1);
        } finally {
            endSecondRun.countDown();
            worker.stop();
        }
    }

    @Test
    void aStoppingWorkerRecordsTheAnswersOfCallsInFlightAndStartsNoNewCall() {
        UUID tenant = UUID.randomUUID();
        // Slow answers, though well within the tests' read timeout (1 s), so that none is retried.
        for (String service : DOMAIN_SERVICES) {
            FLEET.script(service, tenant, success(Duration.ofMillis(600)));
        }
        JobWorker stopping = worker("gracefully-stopping-worker", jobRunner);
        stopping.start();
        UUID jobId;
        Instant stoppedAt;
        try {
            jobId = createJob(tenant);
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> domainStepsCalled(jobId) == DOMAIN_SERVICES.size());
        } finally {
            stoppedAt = Instant.now();
            stopping.stop();
        }
        assertThat(FLEET.deletions(tenant))
                .as("every domain call was still in flight when the worker began to stop")
                .hasSize(DOMAIN_SERVICES.size())
                .allSatisfy(call -> assertThat(call.finished()).isAfter(stoppedAt));

        JsonNode job = get("/api/v1/deletion-jobs/" + jobId, opsToken()).json();
        for (String service : DOMAIN_SERVICES) {
            assertThat(step(job, service).path("status").asText())
                    .as("%s answered while the worker stopped; its answer is recorded", service)
                    .isEqualTo("SUCCEEDED");
        }
        assertThat(FLEET.deletions(tenant, "tenant-service"))
                .as("no new call while stopping")
                .isEmpty();
        assertThat(stopping.runningJobs()).isZero();

        JobWorker next = worker("next-worker", jobRunner);
        next.start();
        try {
            awaitStatus(jobId, "COMPLETED", Duration.ofSeconds(20));
        } finally {
            next.stop();
        }
        for (String service : DOMAIN_SERVICES) {
            assertThat(FLEET.deletions(tenant, service))
                    .as("%s is not called again", service)
                    .hasSize(1);
        }
        assertThat(FLEET.deletions(tenant, "tenant-service")).hasSize(1);
    }

    private JobWorker worker(String id, JobRunner runner) {
        WorkerProperties properties = new WorkerProperties(
                true,
                id,
                Duration.ofSeconds(30),
                Duration.ofSeconds(5),
                Duration.ofMillis(50),
                2,
                Duration.ofSeconds(10),
                WorkerProperties.DEFAULT_MAX_PARALLEL_STEPS);
        return new JobWorker(id, leases, runner, properties, metrics);
    }

    private long domainStepsCalled(UUID jobId) {
        return jdbc.sql("SELECT count(*) FROM deletion_step WHERE job_id = ? AND NOT final_step AND attempts = 1")
                .param(jobId)
                .query(Long.class)
                .single();
    }
}
