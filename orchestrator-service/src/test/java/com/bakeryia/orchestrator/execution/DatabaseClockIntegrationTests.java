package com.bakeryia.orchestrator.execution;

import static com.bakeryia.orchestrator.support.FleetStub.success;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bakeryia.orchestrator.client.ServiceClient;
import com.bakeryia.orchestrator.metrics.DeletionJobMetrics;
import com.bakeryia.orchestrator.registry.ServiceRegistry;
import com.bakeryia.orchestrator.store.JobStore;
import com.bakeryia.orchestrator.store.JobsProperties;
import com.bakeryia.orchestrator.support.OrchestratorTestSupport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * Leases and due times are on PostgreSQL's clock: two orchestrator instances whose clocks differ by
 * an hour agree on who holds a job and when it is due (issue 14).
 */
@TestPropertySource(properties = "orchestrator.worker.enabled=false")
class DatabaseClockIntegrationTests extends OrchestratorTestSupport {

    private static final Clock AHEAD = Clock.offset(Clock.systemUTC(), Duration.ofHours(1));

    @Autowired
    private JobStore jobs;

    @Autowired
    private ServiceRegistry registry;

    @Autowired
    private ServiceClient client;

    @Autowired
    private DeletionJobMetrics metrics;

    @Autowired
    private JobsProperties properties;

    @Autowired
    private JdbcClient jdbc;

    private final List<JobWorker> workers = new ArrayList<>();

    @AfterEach
    void stopWorkers() {
        workers.forEach(JobWorker::stop);
        FLEET.defaultDelay(Duration.ZERO, Duration.ZERO);
    }

    @Test
    void twoInstancesWhoseClocksDifferByAnHourNeverHoldOneJobAtOnce() {
        int count = 24;
        FLEET.defaultDelay(Duration.ofMillis(150), Duration.ofMillis(100));
        int overlapsBefore = FLEET.overlappingCalls();
        List<UUID> tenants = new ArrayList<>();
        List<UUID> jobIds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID tenant = UUID.randomUUID();
            tenants.add(tenant);
            jobIds.add(createJob(tenant));
        }

        worker("on-time", Clock.systemUTC()).start();
        worker("an-hour-ahead", AHEAD).start();
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> countCompleted(jobIds) == count);

        assertThat(FLEET.overlappingCalls()).as("no step ran twice at once").isEqualTo(overlapsBefore);
        for (UUID tenant : tenants) {
            Map<String, Long> callsPerService = new HashMap<>();
            FLEET.deletions(tenant).forEach(call -> callsPerService.merge(call.service(), 1L, Long::sum));
            assertThat(callsPerService)
                    .as("tenant %s", tenant)
                    .hasSize(SERVICES.size())
                    .allSatisfy(
                            (service, calls) -> assertThat(calls).as(service).isEqualTo(1));
        }
        assertThat(jdbc.sql("""
                        SELECT count(*) FROM deletion_audit_event WHERE job_id = ANY(:jobIds) AND type = 'JOB_CLAIMED'
                        """)
                        .param("jobIds", jobIds.toArray(UUID[]::new))
                        .query(Long.class)
                        .single())
                .as("every job claimed once: no lease looked expired to the instance ahead")
                .isEqualTo(count);
    }

    @Test
    void anInstanceWhoseClockIsAnHourAheadDoesNotClaimAJobBeforeItsNotBefore() {
        UUID tenant = UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        Instant notBefore = Instant.now().plus(Duration.ofMinutes(30));
        put("/api/v1/deletion-jobs/" + jobId, tenantServiceToken(tenant, jobId), jobBody(tenant, notBefore.toString()));

        worker("an-hour-ahead", AHEAD).start();

        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> job(jobId).path("status").asText().equals("PENDING"));
        assertThat(FLEET.deletions(tenant)).isEmpty();
        post("/api/v1/deletion-jobs/" + jobId + "/cancel", tenantServiceToken(tenant, jobId));
    }

    @Test
    void aJobCreatedWithoutNotBeforeIsDueAtOnceOnTheDatabasesClock() {
        worker("an-hour-ahead", AHEAD).start();
        UUID tenant = UUID.randomUUID();
        FLEET.script("orders-service", tenant, success());

        UUID jobId = createJob(tenant);

        awaitStatus(jobId, "COMPLETED", Duration.ofSeconds(20));
        Instant createdAt = Instant.parse(job(jobId).path("created_at").asText());
        assertThat(Instant.parse(job(jobId).path("not_before").asText())).isEqualTo(createdAt);
    }

    private JobWorker worker(String id, Clock clock) {
        WorkerProperties worker = new WorkerProperties(
                true,
                id,
                Duration.ofSeconds(2),
                Duration.ofMillis(400),
                Duration.ofMillis(50),
                8,
                Duration.ofSeconds(5),
                WorkerProperties.DEFAULT_MAX_PARALLEL_STEPS);
        JobRunner runner = new JobRunner(
                jobs,
                registry,
                client,
                metrics,
                clock,
                new StepBackoff(properties.retry(), RandomGenerator.getDefault()),
                WorkerProperties.DEFAULT_MAX_PARALLEL_STEPS);
        JobWorker started = new JobWorker(id, jobs, runner, worker, metrics);
        workers.add(started);
        return started;
    }

    private long countCompleted(List<UUID> jobIds) {
        return jdbc.sql("SELECT count(*) FROM deletion_job WHERE id = ANY(:jobIds) AND status = 'COMPLETED'")
                .param("jobIds", jobIds.toArray(UUID[]::new))
                .query(Long.class)
                .single();
    }
}
