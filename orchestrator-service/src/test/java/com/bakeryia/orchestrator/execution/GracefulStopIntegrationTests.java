package com.bakeryia.orchestrator.execution;

import static com.bakeryia.orchestrator.support.FleetStub.success;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import com.bakeryia.deletion.api.DeletionResult;
import com.bakeryia.orchestrator.store.JobLease;
import com.bakeryia.orchestrator.store.JobStore;
import com.bakeryia.orchestrator.store.LeaseLostException;
import com.bakeryia.orchestrator.support.OrchestratorTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * A stopping worker first stops starting calls ({@link JobLease#stopCalls()}) and only then revokes
 * its lease: the answers of calls in flight while it stops are recorded (issue 14: they were
 * refused, and their counts lost).
 */
@TestPropertySource(properties = "orchestrator.worker.enabled=false")
class GracefulStopIntegrationTests extends OrchestratorTestSupport {

    @Autowired
    private JobStore jobs;

    @Autowired
    private JobRunner runner;

    @Autowired
    private JdbcClient jdbc;

    @Test
    void recordsTheAnswersOfCallsInFlightAfterCallsStoppedButStartsNoNewCall() throws Exception {
        UUID tenant = UUID.randomUUID();
        for (String service : DOMAIN_SERVICES) {
            FLEET.script(service, tenant, success(Duration.ofMillis(400)));
        }
        UUID jobId = createFirstDueJob(tenant, jdbc);
        JobLease lease =
                jobs.claimNext("stopping-worker", Duration.ofSeconds(30)).orElseThrow();
        assertThat(lease.jobId()).isEqualTo(jobId);

        // On a thread of its own, as a worker runs a job: the common pool may be the HTTP client's.
        CompletableFuture<Void> run = CompletableFuture.runAsync(
                () -> {
                    try {
                        runner.run(lease);
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                    }
                },
                runnable -> Thread.ofVirtual().name("job-" + jobId).start(runnable));
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> domainStepsCalled(jobId) == DOMAIN_SERVICES.size());
        Instant stoppedAt = Instant.now();
        lease.stopCalls();

        assertThatExceptionOfType(ExecutionException.class)
                .isThrownBy(() -> run.get(10, TimeUnit.SECONDS))
                .withCauseInstanceOf(LeaseLostException.class);
        assertThat(FLEET.deletions(tenant))
                .as("the test's premise: answers arrived after calls stopped")
                .anySatisfy(call -> assertThat(call.finished()).isAfter(stoppedAt));
        JsonNode job = job(jobId);
        for (String service : DOMAIN_SERVICES) {
            assertThat(step(job, service).path("status").asText())
                    .as("%s answered after calls stopped; its answer is recorded", service)
                    .isEqualTo("SUCCEEDED");
        }
        assertThat(step(job, "tenant-service").path("status").asText()).isEqualTo("PENDING");
        assertThat(step(job, "tenant-service").path("started_at").isNull()).isTrue();
        assertThat(FLEET.deletions(tenant, "tenant-service"))
                .as("no new call after stopCalls")
                .isEmpty();
        assertThatExceptionOfType(LeaseLostException.class)
                .isThrownBy(() -> jobs.countAttempt(lease, "tenant-service"));

        lease.revoke();
        assertThatExceptionOfType(LeaseLostException.class)
                .as("after revoke, nothing is written")
                .isThrownBy(() -> jobs.succeedStep(lease, "tenant-service", answer(tenant, jobId), Duration.ZERO));
        jobs.release(lease);
        JobLease next = jobs.claimNext("next-worker", Duration.ofSeconds(30)).orElseThrow();
        runner.run(next);
        assertThat(job(jobId).path("status").asText()).isEqualTo("COMPLETED");
        for (String service : DOMAIN_SERVICES) {
            assertThat(FLEET.deletions(tenant, service)).as(service).hasSize(1);
        }
    }

    private long domainStepsCalled(UUID jobId) {
        return jdbc.sql("SELECT count(*) FROM deletion_step WHERE job_id = ? AND NOT final_step AND attempts = 1")
                .param(jobId)
                .query(Long.class)
                .single();
    }

    private static DeletionResult answer(UUID tenant, UUID jobId) {
        return verifiedAnswer(tenant, jobId, "tenant-service", "tenants", 1);
    }
}
