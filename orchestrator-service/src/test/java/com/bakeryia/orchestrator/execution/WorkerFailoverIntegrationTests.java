package com.bakeryia.orchestrator.execution;

import static com.bakeryia.orchestrator.support.FleetStub.success;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import com.bakeryia.deletion.api.DeletionResult;
import com.bakeryia.orchestrator.metrics.DeletionJobMetrics;
import com.bakeryia.orchestrator.store.FailureReason;
import com.bakeryia.orchestrator.store.JobLease;
import com.bakeryia.orchestrator.store.JobStore;
import com.bakeryia.orchestrator.store.LeaseLostException;
import com.bakeryia.orchestrator.support.OrchestratorTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/** Several workers on one database, each as another orchestrator instance would run it. */
@TestPropertySource(properties = "orchestrator.worker.enabled=false")
class WorkerFailoverIntegrationTests extends OrchestratorTestSupport {

    private static final String JOB_STATUS = "SELECT status FROM deletion_job WHERE id = ?";

    @Autowired
    private JobStore leases;

    @Autowired
    private JobRunner runner;

    @Autowired
    private DeletionJobMetrics metrics;

    @Autowired
    private Clock clock;

    @Autowired
    private JdbcClient jdbc;

    private final List<JobWorker> workers = new ArrayList<>();

    @AfterEach
    void stopWorkers() {
        workers.forEach(JobWorker::stop);
        FLEET.defaultDelay(Duration.ZERO, Duration.ZERO);
    }

    @Test
    void takesOverTheJobOfAHaltedWorkerAndRunsOnlyItsUnfinishedSteps() {
        UUID tenant = UUID.randomUUID();
        FLEET.script("training-service", tenant, success(Duration.ofMillis(800)));
        JobWorker first = worker("worker-a", Duration.ofSeconds(1), 8);
        first.start();
        UUID jobId = createJob(tenant);
        await().atMost(Duration.ofSeconds(20)).until(() -> succeededDomainSteps(jobId) == 11);

        first.halt();
        worker("worker-b", Duration.ofSeconds(1), 8).start();
        JsonNode job = awaitStatus(jobId, "COMPLETED", Duration.ofSeconds(20));

        assertThat(job.path("attempt").asInt()).isEqualTo(2);
        assertThat(FLEET.deletions(tenant, "training-service")).hasSize(2);
        for (String service : SERVICES) {
            if (!service.equals("training-service")) {
                assertThat(FLEET.deletions(tenant, service))
                        .as("%s is called once", service)
                        .hasSize(1);
            }
        }
        assertThat(claimingWorkers(jobId)).containsExactly("worker-a", "worker-b");
        assertThat(completions(jobId)).isEqualTo(1);
    }

    @Test
    void releasesTheLeaseOfItsJobsWhenStoppedSoAnotherWorkerTakesOverAtOnce() {
        UUID tenant = UUID.randomUUID();
        FLEET.script("recipes-service", tenant, success(Duration.ofMillis(600)));
        JobWorker first = worker("stopping-worker", Duration.ofSeconds(60), 8);
        first.start();
        UUID jobId = createJob(tenant);
        await().atMost(Duration.ofSeconds(20)).until(() -> succeededDomainSteps(jobId) == 11);

        first.stop();
        worker("next-worker", Duration.ofSeconds(60), 8).start();
        JsonNode job = awaitStatus(jobId, "COMPLETED", Duration.ofSeconds(20));

        assertThat(first.runningJobs()).isZero();
        assertThat(claimingWorkers(jobId)).containsExactly("stopping-worker", "next-worker");
        assertThat(job.path("attempt").asInt()).isEqualTo(2);
        for (String service : SERVICES) {
            if (!service.equals("recipes-service")) {
                assertThat(FLEET.deletions(tenant, service))
                        .as("%s is called once", service)
                        .hasSize(1);
            }
        }
    }

    @Test
    void fencesOutAWorkerWhoseLeaseWasTakenOver() throws InterruptedException {
        UUID jobId = createJob(UUID.randomUUID());
        JobLease stale =
                leases.claimNext("stale-worker", Duration.ofMillis(300)).orElseThrow();
        assertThat(stale.jobId()).isEqualTo(jobId);
        assertThat(leases.claimNext("fresh-worker", Duration.ofSeconds(30)))
                .as("the lease still holds")
                .isEmpty();
        Thread.sleep(400);

        JobLease fresh =
                leases.claimNext("fresh-worker", Duration.ofSeconds(30)).orElseThrow();

        assertThat(fresh.jobId()).isEqualTo(jobId);
        assertThat(fresh.version()).isEqualTo(stale.version() + 1);
        DeletionResult answer = verifiedAnswer(jobId, jobId, "orders-service", "orders", 3);
        assertThatExceptionOfType(LeaseLostException.class).isThrownBy(() -> leases.startStep(stale, "orders-service"));
        assertThatExceptionOfType(LeaseLostException.class)
                .isThrownBy(() -> leases.succeedStep(stale, "orders-service", answer, Duration.ZERO));
        assertThatExceptionOfType(LeaseLostException.class).isThrownBy(() -> leases.completeJob(stale, 3));
        assertThat(leases.renew(stale, Duration.ofSeconds(30))).isEmpty();
        assertThat(jdbc.sql("SELECT lease_owner FROM deletion_job WHERE id = ?")
                        .param(jobId)
                        .query(String.class)
                        .single())
                .isEqualTo("fresh-worker");
        assertThat(jdbc.sql("SELECT count(*) FROM deletion_step WHERE job_id = ? AND status <> 'PENDING'")
                        .param(jobId)
                        .query(Long.class)
                        .single())
                .isZero();

        leases.startStep(fresh, "orders-service");
        leases.succeedStep(fresh, "orders-service", answer, Duration.ZERO);
        leases.failJob(fresh, FailureReason.REJECTED, "stopped by the test");
        assertThat(jdbc.sql(JOB_STATUS).param(jobId).query(String.class).single())
                .isEqualTo("FAILED");
    }

    @Test
    void stopsWritingOnceItRevokedItsOwnLease() {
        UUID jobId = createJob(UUID.randomUUID());
        JobLease lease =
                leases.claimNext("stopping-worker", Duration.ofSeconds(30)).orElseThrow();
        assertThat(lease.jobId()).isEqualTo(jobId);

        lease.revoke();

        assertThatExceptionOfType(LeaseLostException.class).isThrownBy(() -> leases.startStep(lease, "orders-service"));
        leases.release(lease);
        JobLease next = leases.claimNext("next-worker", Duration.ofSeconds(30)).orElseThrow();
        assertThat(next.jobId()).as("a released lease is claimable at once").isEqualTo(jobId);
        leases.failJob(next, FailureReason.REJECTED, "stopped by the test");
    }

    @Test
    void twoWorkersCompleteEveryJobExactlyOnce() throws Exception {
        int jobs = 200;
        FLEET.defaultDelay(Duration.ZERO, Duration.ofMillis(5));
        int overlapsBefore = FLEET.overlappingCalls();
        List<UUID> tenants = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            tenants.add(UUID.randomUUID());
        }
        List<UUID> jobIds = createJobs(tenants);

        worker("worker-1", Duration.ofSeconds(5), 8).start();
        worker("worker-2", Duration.ofSeconds(5), 8).start();
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> countJobs(jobIds, "COMPLETED") == jobs);

        assertThat(FLEET.overlappingCalls())
                .as("no step ran concurrently with itself")
                .isEqualTo(overlapsBefore);
        for (UUID tenant : tenants) {
            Map<String, Long> callsPerService = new HashMap<>();
            FLEET.deletions(tenant).forEach(call -> callsPerService.merge(call.service(), 1L, Long::sum));
            assertThat(callsPerService)
                    .as("tenant %s", tenant)
                    .hasSize(SERVICES.size())
                    .allSatisfy((service, calls) -> assertThat(calls)
                            .as("%s of tenant %s", service, tenant)
                            .isEqualTo(1));
        }
        assertThat(jdbc.sql("""
                        SELECT count(*) FROM deletion_step WHERE job_id = ANY(:jobIds) AND (status <> 'SUCCEEDED' OR attempts <> 1)
                        """)
                        .param("jobIds", jobIds.toArray(UUID[]::new))
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql("""
                        SELECT count(*) FROM deletion_audit_event WHERE job_id = ANY(:jobIds) AND type = 'JOB_COMPLETED'
                        """)
                        .param("jobIds", jobIds.toArray(UUID[]::new))
                        .query(Long.class)
                        .single())
                .as("every job completed exactly once")
                .isEqualTo(jobs);
        Set<String> claimers = new HashSet<>(jdbc.sql("""
                        SELECT DISTINCT payload ->> 'worker' FROM deletion_audit_event
                         WHERE job_id = ANY(:jobIds) AND type = 'JOB_CLAIMED'
                        """)
                .param("jobIds", jobIds.toArray(UUID[]::new))
                .query(String.class)
                .list());
        assertThat(claimers).containsExactlyInAnyOrder("worker-1", "worker-2");
    }

    private List<UUID> createJobs(List<UUID> tenants) throws Exception {
        List<Future<UUID>> created = new ArrayList<>();
        try (ExecutorService executor = Executors.newFixedThreadPool(8)) {
            for (UUID tenant : tenants) {
                created.add(executor.submit(() -> createJob(tenant)));
            }
        }
        List<UUID> jobIds = new ArrayList<>();
        for (Future<UUID> jobId : created) {
            jobIds.add(jobId.get());
        }
        return jobIds;
    }

    private JobWorker worker(String id, Duration lease, int maxJobs) {
        WorkerProperties properties = new WorkerProperties(
                true,
                id,
                lease,
                lease.dividedBy(4),
                Duration.ofMillis(50),
                maxJobs,
                Duration.ofSeconds(5),
                WorkerProperties.DEFAULT_MAX_PARALLEL_STEPS);
        JobWorker worker = new JobWorker(id, leases, runner, properties, metrics);
        workers.add(worker);
        return worker;
    }

    private long succeededDomainSteps(UUID jobId) {
        return jdbc.sql("""
                        SELECT count(*) FROM deletion_step WHERE job_id = ? AND NOT final_step AND status = 'SUCCEEDED'
                        """).param(jobId).query(Long.class).single();
    }

    private List<String> claimingWorkers(UUID jobId) {
        return jdbc.sql("""
                        SELECT payload ->> 'worker' FROM deletion_audit_event
                         WHERE job_id = ? AND type = 'JOB_CLAIMED' ORDER BY sequence
                        """).param(jobId).query(String.class).list();
    }

    private long completions(UUID jobId) {
        return jdbc.sql("SELECT count(*) FROM deletion_audit_event WHERE job_id = ? AND type = 'JOB_COMPLETED'")
                .param(jobId)
                .query(Long.class)
                .single();
    }

    private long countJobs(List<UUID> jobIds, String status) {
        return jdbc.sql("SELECT count(*) FROM deletion_job WHERE id = ANY(:jobIds) AND status = :status")
                .param("jobIds", jobIds.toArray(UUID[]::new))
                .param("status", status)
                .query(Long.class)
                .single();
    }
}
