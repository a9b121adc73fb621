package com.bakeryia.orchestrator.execution;

import static com.bakeryia.orchestrator.support.FleetStub.drop;
import static com.bakeryia.orchestrator.support.FleetStub.status;
import static com.bakeryia.orchestrator.support.FleetStub.statusRetryAfter;
import static com.bakeryia.orchestrator.support.FleetStub.success;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bakeryia.orchestrator.metrics.DeletionJobMetrics;
import com.bakeryia.orchestrator.store.JobLease;
import com.bakeryia.orchestrator.store.JobStore;
import com.bakeryia.orchestrator.support.FleetStub.Call;
import com.bakeryia.orchestrator.support.OrchestratorTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * One test per transition of the contract's job state machine (docs/contracts.md, "Job state
 * machine" and "Retries and failure"), on workers the tests start themselves. Steps retry after
 * about a second here ({@code orchestrator.jobs.retry.initial-backoff=1s}, max 2s, jitter 0.5).
 */
@TestPropertySource(properties = "orchestrator.worker.enabled=false")
class JobStateMachineIntegrationTests extends OrchestratorTestSupport {

    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(20);
    private static final String JOBS = "/api/v1/deletion-jobs/";

    @Autowired
    private JobStore jobs;

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
    }

    @Test
    void pendingToInProgressOnlyOnceNotBeforePassed() {
        startWorker("worker-a");
        UUID tenant = UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        Instant notBefore = Instant.now().plusSeconds(2);
        put(JOBS + jobId, tenantServiceToken(tenant, jobId), jobBody(tenant, notBefore.toString()));

        assertThat(job(jobId).path("status").asText()).isEqualTo("PENDING");
        assertThat(job(jobId).path("cancellable").asBoolean()).isTrue();
        awaitStatus(jobId, "COMPLETED", JOB_TIMEOUT);

        assertThat(eventTime(jobId, "JOB_CLAIMED", 1)).isAfterOrEqualTo(notBefore);
        assertThat(eventTypes(jobId))
                .startsWith("JOB_CREATED", "JOB_CLAIMED")
                .endsWith("JOB_COMPLETED")
                .filteredOn("STEP_SUCCEEDED"::equals)
                .hasSize(SERVICES.size());
    }

    @Test
    void pendingToCancelledAndACancelledJobAnswersASecondCancelUnchanged() {
        UUID tenant = UUID.randomUUID();
        UUID jobId = createJob(tenant);

        Answer first = post(JOBS + jobId + "/cancel", tenantServiceToken(tenant, jobId));
        Answer second = post(JOBS + jobId + "/cancel", tenantServiceToken(tenant, jobId));

        assertThat(first.status()).as(first.text()).isEqualTo(200);
        assertThat(second.status()).as(second.text()).isEqualTo(200);
        assertThat(second.json().path("status").asText()).isEqualTo("CANCELLED");
        assertThat(second.json().path("finished_at").asText())
                .isEqualTo(first.json().path("finished_at").asText());
        assertThat(second.json().path("cancellable").asBoolean()).isFalse();
        assertThat(eventTypes(jobId)).containsExactly("JOB_CREATED", "JOB_CANCELLED");
        startWorker("worker-a");
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(2))
                .until(() -> FLEET.deletions(tenant).isEmpty());
    }

    @Test
    void inProgressToRetryingThenBackToInProgressWhenDueAndCompletedWithoutAPerson() {
        startWorker("worker-a");
        UUID tenant = UUID.randomUUID();
        FLEET.script("orders-service", tenant, drop(), drop(), drop());

        UUID jobId = createJob(tenant);
        JsonNode retrying = awaitStatus(jobId, "RETRYING", JOB_TIMEOUT);

        JsonNode orders = step(retrying, "orders-service");
        assertThat(orders.path("status").asText()).isEqualTo("RETRYING");
        assertThat(orders.path("retries").asInt()).isEqualTo(1);
        assertThat(orders.path("last_error").asText()).startsWith("orders-service: I/O error");
        assertThat(orders.path("next_attempt_at").asText())
                .isEqualTo(retrying.path("next_attempt_at").asText());
        assertThat(retrying.path("retrying_since").isNull()).isFalse();
        assertThat(retrying.path("cancellable").asBoolean()).isFalse();
        assertThat(retrying.path("failure_reason").isNull()).isTrue();
        for (String service : SERVICES) {
            if (!service.equals("orders-service") && !service.equals("tenant-service")) {
                assertThat(step(retrying, service).path("status").asText())
                        .as(service)
                        .isEqualTo("SUCCEEDED");
            }
        }
        assertThat(step(retrying, "tenant-service").path("status").asText()).isEqualTo("PENDING");
        Instant nextAttempt = Instant.parse(retrying.path("next_attempt_at").asText());

        JsonNode completed = awaitStatus(jobId, "COMPLETED", JOB_TIMEOUT);

        assertThat(eventTime(jobId, "JOB_CLAIMED", 2)).isAfterOrEqualTo(nextAttempt);
        assertThat(completed.path("attempt").asInt()).isEqualTo(2);
        assertThat(completed.path("retrying_since").isNull()).isTrue();
        assertThat(completed.path("next_attempt_at").isNull()).isTrue();
        assertThat(FLEET.deletions(tenant, "orders-service")).hasSize(4);
        assertThat(FLEET.deletions(tenant, "sales-service")).hasSize(1);
        JsonNode scheduled = payloads(jobId, "STEP_RETRY_SCHEDULED").get(0);
        assertThat(scheduled.path("service").asText()).isEqualTo("orders-service");
        assertThat(scheduled.path("counted").asBoolean()).isTrue();
        assertThat(scheduled.path("retries").asInt()).isEqualTo(1);
        assertThat(payloads(jobId, "JOB_RETRYING")
                        .get(0)
                        .path("next_attempt_at")
                        .asText())
                .isEqualTo(nextAttempt.toString());
    }

    @Test
    void inProgressToFailedAtOnceOnAForbiddenAnswerNamingTheService() {
        startWorker("worker-a");
        UUID tenant = UUID.randomUUID();
        FLEET.script("inventory-service", tenant, status(403));

        JsonNode failed = awaitStatus(createJob(tenant), "FAILED", JOB_TIMEOUT);

        assertThat(FLEET.deletions(tenant, "inventory-service")).hasSize(1);
        assertThat(failed.path("failure_reason").asText()).isEqualTo("rejected");
        assertThat(failed.path("error").asText()).startsWith("inventory-service: HTTP 403");
        assertThat(step(failed, "inventory-service").path("retries").asInt()).isZero();
        assertThat(payloads(failed, "JOB_FAILED").get(0).path("reason").asText())
                .isEqualTo("rejected");
    }

    @Test
    void inProgressToFailedOnceTheOtherStepsEndedEvenWhenAnotherStepWouldRetry() {
        startWorker("worker-a");
        UUID tenant = UUID.randomUUID();
        FLEET.script("sales-service", tenant, status(422));
        FLEET.script("orders-service", tenant, drop(), drop(), drop());

        JsonNode failed = awaitStatus(createJob(tenant), "FAILED", JOB_TIMEOUT);

        assertThat(failed.path("failure_reason").asText()).isEqualTo("rejected");
        assertThat(failed.path("error").asText()).contains("sales-service").doesNotContain("orders-service");
        assertThat(step(failed, "orders-service").path("status").asText()).isEqualTo("RETRYING");
        assertThat(failed.path("next_attempt_at").isNull()).isTrue();
        assertThat(FLEET.deletions(tenant, "tenant-service")).isEmpty();

        Answer retried = post(JOBS + failed.path("job_id").asText() + "/retry", opsToken());
        assertThat(retried.status()).isEqualTo(200);
        assertThat(step(retried.json(), "orders-service").path("status").asText())
                .isEqualTo("PENDING");
        assertThat(step(retried.json(), "orders-service").path("retries").asInt())
                .isZero();
        awaitStatus(UUID.fromString(failed.path("job_id").asText()), "COMPLETED", JOB_TIMEOUT);
    }

    @Test
    void inProgressToFailedWhenAStepsServiceIsNotConfigured() {
        UUID tenant = UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        put(
                JOBS + jobId,
                tenantServiceToken(tenant, jobId),
                jobBody(tenant, Instant.now().plusSeconds(3600).toString()));
        jdbc.sql("""
                        INSERT INTO deletion_step (job_id, service_name, position, final_step, status)
                        VALUES (?, 'retired-service', 99, false, 'PENDING')
                        """).param(jobId).update();
        jdbc.sql("UPDATE deletion_job SET not_before = now() WHERE id = ?")
                .param(jobId)
                .update();
        startWorker("worker-a");

        JsonNode failed = awaitStatus(jobId, "FAILED", JOB_TIMEOUT);

        assertThat(failed.path("failure_reason").asText()).isEqualTo("not-configured");
        assertThat(failed.path("error").asText()).startsWith("retired-service: not among the enabled");
        assertThat(step(failed, "retired-service").path("started_at").isNull())
                .as("no call was made")
                .isTrue();
        assertThat(step(failed, "orders-service").path("status").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void inProgressTakenOverByAnotherWorkerOnceTheLeaseExpired() throws InterruptedException {
        UUID tenant = UUID.randomUUID();
        UUID jobId = createFirstDueJob(tenant, jdbc);
        JobLease dead = jobs.claimNext("dead-worker", Duration.ofMillis(300)).orElseThrow();
        assertThat(dead.jobId()).isEqualTo(jobId);
        jobs.startStep(dead, "orders-service");
        assertThat(jobs.claimNext("worker-b", Duration.ofSeconds(30)))
                .as("the lease holds")
                .isEmpty();
        Thread.sleep(400);

        startWorker("worker-b");
        JsonNode completed = awaitStatus(jobId, "COMPLETED", JOB_TIMEOUT);

        assertThat(completed.path("attempt").asInt()).isEqualTo(2);
        assertThat(payloads(jobId, "JOB_CLAIMED"))
                .extracting(claim -> claim.path("worker").asText())
                .containsExactly("dead-worker", "worker-b");
        assertThat(FLEET.deletions(tenant, "orders-service")).hasSize(1);
    }

    @Test
    void retryingToFailedWithReasonDeadlineOnceTheDeadlinePassedNamingWhatWasNotDone() {
        startWorker("worker-a");
        UUID tenant = UUID.randomUUID();
        FLEET.script("recipes-service", tenant, drop(), drop(), drop(), drop(), drop(), drop());
        UUID jobId = createJob(tenant);
        awaitStatus(jobId, "RETRYING", JOB_TIMEOUT);

        jdbc.sql("UPDATE deletion_job SET deadline_at = now() - interval '1 second' WHERE id = ?")
                .param(jobId)
                .update();
        JsonNode failed = awaitStatus(jobId, "FAILED", JOB_TIMEOUT);

        assertThat(failed.path("failure_reason").asText()).isEqualTo("deadline");
        assertThat(failed.path("error").asText())
                .contains("deadline")
                .contains("recipes-service")
                .contains("tenant-service")
                .doesNotContain("orders-service");
        assertThat(payloads(jobId, "JOB_FAILED").get(0).path("reason").asText()).isEqualTo("deadline");

        FLEET.clearScript("recipes-service", tenant);
        Answer retried = post(JOBS + jobId + "/retry", opsToken());
        assertThat(retried.status()).isEqualTo(200);
        assertThat(Instant.parse(retried.json().path("deadline").asText()))
                .as("a retry sets a new deadline from now")
                .isAfter(Instant.now().plus(Duration.ofDays(24)));
        awaitStatus(jobId, "COMPLETED", JOB_TIMEOUT);
    }

    @Test
    void failedBeforeAnyStepStartedCanBeCancelled() {
        UUID tenant = UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        put(
                JOBS + jobId,
                tenantServiceToken(tenant, jobId),
                jobBody(tenant, Instant.now().plusSeconds(3600).toString()));
        jdbc.sql("UPDATE deletion_job SET not_before = now(), deadline_at = now() - interval '1 second' WHERE id = ?")
                .param(jobId)
                .update();
        startWorker("worker-a");
        JsonNode failed = awaitStatus(jobId, "FAILED", JOB_TIMEOUT);
        assertThat(failed.path("failure_reason").asText()).isEqualTo("deadline");
        assertThat(failed.path("cancellable").asBoolean()).isTrue();

        Answer cancelled = post(JOBS + jobId + "/cancel", tenantServiceToken(tenant, jobId));

        assertThat(cancelled.status()).as(cancelled.text()).isEqualTo(200);
        assertThat(cancelled.json().path("status").asText()).isEqualTo("CANCELLED");
        assertThat(FLEET.deletions(tenant)).isEmpty();
    }

    @Test
    void refusesToCancelOnceAStepStartedNamingTheServicesThatBeganErasing() {
        UUID tenant = UUID.randomUUID();
        UUID jobId = createFirstDueJob(tenant, jdbc);
        JobLease lease = jobs.claimNext("worker-a", Duration.ofSeconds(30)).orElseThrow();
        assertThat(lease.jobId()).isEqualTo(jobId);
        jobs.startStep(lease, "orders-service");
        jobs.startStep(lease, "sales-service");

        Answer cancel = post(JOBS + jobId + "/cancel", tenantServiceToken(tenant, jobId));

        assertThat(cancel.status()).isEqualTo(409);
        assertThat(cancel.contentType()).startsWith("application/problem+json");
        assertThat(cancel.json().path("type").asText()).isEqualTo("urn:bakery-ia:problem:job-not-cancellable");
        assertThat(cancel.json().path("detail").asText())
                .contains("orders-service")
                .contains("sales-service")
                .contains("point of no return")
                .doesNotContain("inventory-service");
        assertThat(job(jobId).path("status").asText()).isEqualTo("IN_PROGRESS");
        jobs.release(lease);
        startWorker("worker-b");
        awaitStatus(jobId, "COMPLETED", JOB_TIMEOUT);
    }

    // Issue 14: a retry followed by a cancel left a half-erased tenant fenced for ever.
    @Test
    void aRetriedJobCannotBeCancelledAndStillRunsToCompleted() {
        startWorker("worker-a");
        UUID tenant = UUID.randomUUID();
        FLEET.script("suppliers-service", tenant, status(403));
        UUID jobId = createJob(tenant);
        awaitStatus(jobId, "FAILED", JOB_TIMEOUT);
        assertThat(job(jobId).path("cancellable").asBoolean()).isFalse();
        workers.forEach(JobWorker::stop);

        Answer retried = post(JOBS + jobId + "/retry", opsToken());
        Answer cancel = post(JOBS + jobId + "/cancel", tenantServiceToken(tenant, jobId));

        assertThat(retried.status()).isEqualTo(200);
        assertThat(cancel.status()).isEqualTo(409);
        assertThat(cancel.json().path("detail").asText()).contains("suppliers-service");
        startWorker("worker-b");
        awaitStatus(jobId, "COMPLETED", JOB_TIMEOUT);
        assertThat(eventTypes(jobId)).doesNotContain("JOB_CANCELLED");
    }

    @Test
    void onlyAFailedJobCanBeRetried() {
        UUID tenant = UUID.randomUUID();
        UUID jobId = createJob(tenant);

        Answer retry = post(JOBS + jobId + "/retry", opsToken());

        assertThat(retry.status()).isEqualTo(409);
        assertThat(retry.json().path("type").asText()).isEqualTo("urn:bakery-ia:problem:job-state-conflict");
        post(JOBS + jobId + "/cancel", tenantServiceToken(tenant, jobId));
    }

    @Test
    void serviceUnavailableWithRetryAfterIsWaitedForAsToldWithoutCountingARetry() {
        startWorker("worker-a");
        UUID tenant = UUID.randomUUID();
        FLEET.script(
                "production-service",
                tenant,
                statusRetryAfter(503, Duration.ofSeconds(4)),
                statusRetryAfter(503, Duration.ofSeconds(4)),
                statusRetryAfter(503, Duration.ofSeconds(4)));

        UUID jobId = createJob(tenant);
        JsonNode retrying = awaitStatus(jobId, "RETRYING", JOB_TIMEOUT);

        JsonNode production = step(retrying, "production-service");
        assertThat(production.path("retries").asInt())
                .as("a Retry-After does not count")
                .isZero();
        List<Call> calls = FLEET.deletions(tenant, "production-service");
        Instant lastCall = calls.get(calls.size() - 1).started();
        assertThat(Instant.parse(production.path("next_attempt_at").asText()))
                .as("the service's Retry-After (4 s), not the counted backoff (1 s +- 0.5)")
                .isAfterOrEqualTo(lastCall.plusSeconds(4).minusMillis(100));
        JsonNode completed = awaitStatus(jobId, "COMPLETED", JOB_TIMEOUT);
        assertThat(step(completed, "production-service").path("retries").asInt())
                .isZero();
        assertThat(payloads(jobId, "STEP_RETRY_SCHEDULED"))
                .allSatisfy(
                        event -> assertThat(event.path("counted").asBoolean()).isFalse());
    }

    @Test
    void aRetryingFinalStepRunsAgainWhenDueAndTheJobCompletes() {
        startWorker("worker-a");
        UUID tenant = UUID.randomUUID();
        FLEET.script("tenant-service", tenant, statusRetryAfter(503, Duration.ofSeconds(1)));

        UUID jobId = createJob(tenant);
        JsonNode completed = awaitStatus(jobId, "COMPLETED", JOB_TIMEOUT);

        assertThat(FLEET.deletions(tenant, "tenant-service")).hasSize(2);
        assertThat(completed.path("attempt").asInt())
                .as("claimed once for the domain steps and the first call, once for the final step's retry")
                .isEqualTo(2);
    }

    @Test
    void theDeadlineIsTheDueTimePlusTwentyFiveDays() {
        UUID tenant = UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        Instant notBefore = Instant.parse("2030-01-01T00:00:00Z");
        JsonNode later = put(JOBS + jobId, tenantServiceToken(tenant, jobId), jobBody(tenant, notBefore.toString()))
                .json();
        assertThat(Instant.parse(later.path("deadline").asText())).isEqualTo(notBefore.plus(Duration.ofDays(25)));
        post(JOBS + jobId + "/cancel", tenantServiceToken(tenant, jobId));

        startWorker("worker-a");
        FLEET.script("training-service", UUID.randomUUID(), success());
        JsonNode completed = awaitStatus(createJob(tenant), "COMPLETED", JOB_TIMEOUT);
        assertThat(Instant.parse(completed.path("deadline").asText()))
                .as("due time + P25D")
                .isEqualTo(Instant.parse(completed.path("created_at").asText()).plus(Duration.ofDays(25)));
    }

    private void startWorker(String id) {
        WorkerProperties properties = new WorkerProperties(
                true,
                id,
                Duration.ofSeconds(3),
                Duration.ofMillis(500),
                Duration.ofMillis(50),
                8,
                Duration.ofSeconds(5),
                WorkerProperties.DEFAULT_MAX_PARALLEL_STEPS);
        JobWorker worker = new JobWorker(id, jobs, runner, properties, metrics);
        workers.add(worker);
        worker.start();
    }

    private List<String> eventTypes(UUID jobId) {
        return jdbc.sql("SELECT type FROM deletion_audit_event WHERE job_id = ? ORDER BY sequence")
                .param(jobId)
                .query(String.class)
                .list();
    }

    private List<JsonNode> payloads(JsonNode job, String type) {
        return payloads(UUID.fromString(job.path("job_id").asText()), type);
    }

    private List<JsonNode> payloads(UUID jobId, String type) {
        return jdbc
                .sql("SELECT payload::text FROM deletion_audit_event WHERE job_id = ? AND type = ? ORDER BY sequence")
                .params(jobId, type)
                .query(String.class)
                .list()
                .stream()
                .map(text -> {
                    try {
                        return JSON.readTree(text);
                    } catch (IOException ex) {
                        throw new IllegalStateException(ex);
                    }
                })
                .toList();
    }

    /** When the {@code n}-th event of the type (from 1) happened. */
    private Instant eventTime(UUID jobId, String type, int n) {
        return jdbc.sql("SELECT at FROM deletion_audit_event WHERE job_id = ? AND type = ? ORDER BY sequence")
                .params(jobId, type)
                .query(OffsetDateTime.class)
                .list()
                .get(n - 1)
                .toInstant();
    }
}
