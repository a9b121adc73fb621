package com.bakeryia.orchestrator.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.bakeryia.orchestrator.client.RetryableCallException;
import com.bakeryia.orchestrator.client.ServiceCallException;
import com.bakeryia.orchestrator.client.ServiceCallException.Outcome;
import com.bakeryia.orchestrator.client.ServiceClient;
import com.bakeryia.orchestrator.metrics.DeletionJobMetrics;
import com.bakeryia.orchestrator.registry.ServiceEndpoint;
import com.bakeryia.orchestrator.registry.ServiceRegistry;
import com.bakeryia.orchestrator.store.JobLease;
import com.bakeryia.orchestrator.store.JobStore;
import com.bakeryia.orchestrator.store.JobsProperties;
import com.bakeryia.orchestrator.support.OrchestratorTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * What the runner makes of each outcome of a step's call ({@link ServiceCallException#outcome()},
 * {@link ServiceCallException#retryAfter()}), on the real store, with a client that fails one
 * service as told and succeeds for the others.
 */
@TestPropertySource(properties = "orchestrator.worker.enabled=false")
class StepOutcomeIntegrationTests extends OrchestratorTestSupport {

    @Autowired
    private JobStore jobs;

    @Autowired
    private ServiceRegistry registry;

    @Autowired
    private DeletionJobMetrics metrics;

    @Autowired
    private JobsProperties properties;

    @Autowired
    private Clock clock;

    @Autowired
    private JdbcClient jdbc;

    @Test
    void residueFailsTheJobForGoodWithReasonResidue() throws InterruptedException {
        UUID jobId =
                runWith("sales-service", failure("sales-service: rows remain after 3 passes", Outcome.RESIDUE, null));

        JsonNode job = job(jobId);
        assertThat(job.path("status").asText()).isEqualTo("FAILED");
        assertThat(job.path("failure_reason").asText()).isEqualTo("residue");
        assertThat(job.path("error").asText()).startsWith("sales-service: rows remain");
        assertThat(step(job, "sales-service").path("status").asText()).isEqualTo("FAILED");
    }

    @Test
    void aRetryAfterIsHonouredUpToMaxRetryAfterAndDoesNotCount() throws InterruptedException {
        UUID jobId = runWith(
                "orders-service",
                failure("orders-service: circuit breaker open", Outcome.RETRYABLE, Duration.ofHours(3)));

        JsonNode job = job(jobId);
        assertThat(job.path("status").asText()).isEqualTo("RETRYING");
        JsonNode orders = step(job, "orders-service");
        assertThat(orders.path("retries").asInt()).isZero();
        Instant scheduledAt = eventTime(jobId, "STEP_RETRY_SCHEDULED");
        assertThat(Instant.parse(orders.path("next_attempt_at").asText()))
                .as("max-retry-after (1h) from when it was scheduled")
                .isEqualTo(scheduledAt.plus(Duration.ofHours(1)));
        assertThat(job.path("next_attempt_at").asText())
                .isEqualTo(orders.path("next_attempt_at").asText());
        jdbc.sql("UPDATE deletion_job SET status = 'CANCELLED' WHERE id = ?")
                .param(jobId)
                .update();
    }

    @Test
    void aRetryableFailureWithoutRetryAfterBacksOffAndCounts() throws InterruptedException {
        UUID jobId =
                runWith("orders-service", failure("orders-service: HTTP 502 Bad Gateway", Outcome.RETRYABLE, null));

        JsonNode orders = step(job(jobId), "orders-service");
        assertThat(orders.path("retries").asInt()).isEqualTo(1);
        Duration wait = Duration.between(
                eventTime(jobId, "STEP_RETRY_SCHEDULED"),
                Instant.parse(orders.path("next_attempt_at").asText()));
        assertThat(wait)
                .as("initial-backoff 1s +- jitter 0.5")
                .isBetween(Duration.ofMillis(500), Duration.ofMillis(1500));
        jdbc.sql("UPDATE deletion_job SET status = 'CANCELLED' WHERE id = ?")
                .param(jobId)
                .update();
    }

    private UUID runWith(String failing, ServiceCallException failure) throws InterruptedException {
        ServiceClient client = mock(ServiceClient.class, invocation -> {
            ServiceEndpoint endpoint = invocation.getArgument(0);
            UUID tenant = invocation.getArgument(1);
            UUID job = invocation.getArgument(2);
            Runnable beforeEachCall = invocation.getArgument(3);
            beforeEachCall.run();
            if (endpoint.name().equals(failing)) {
                throw failure;
            }
            return verifiedAnswer(tenant, job, endpoint.name(), "rows", 1);
        });
        JobRunner runner = new JobRunner(
                jobs,
                registry,
                client,
                metrics,
                clock,
                new StepBackoff(properties.retry(), RandomGenerator.getDefault()),
                WorkerProperties.DEFAULT_MAX_PARALLEL_STEPS);
        UUID jobId = createFirstDueJob(UUID.randomUUID(), jdbc);
        JobLease lease = jobs.claimNext("worker-a", Duration.ofSeconds(30)).orElseThrow();
        assertThat(lease.jobId()).isEqualTo(jobId);
        runner.run(lease);
        return jobId;
    }

    private static ServiceCallException failure(String message, Outcome outcome, @Nullable Duration retryAfter) {
        ServiceCallException failure = mock(RetryableCallException.class);
        when(failure.getMessage()).thenReturn(message);
        when(failure.outcome()).thenReturn(outcome);
        when(failure.retryAfter()).thenReturn(Optional.ofNullable(retryAfter));
        return failure;
    }

    private Instant eventTime(UUID jobId, String type) {
        return jdbc.sql("SELECT at FROM deletion_audit_event WHERE job_id = ? AND type = ? ORDER BY sequence LIMIT 1")
                .params(jobId, type)
                .query(OffsetDateTime.class)
                .single()
                .toInstant();
    }
}
