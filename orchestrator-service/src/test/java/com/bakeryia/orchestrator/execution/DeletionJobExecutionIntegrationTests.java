package com.bakeryia.orchestrator.execution;

import static com.bakeryia.orchestrator.support.FleetStub.drop;
import static com.bakeryia.orchestrator.support.FleetStub.rowsRemain;
import static com.bakeryia.orchestrator.support.FleetStub.status;
import static com.bakeryia.orchestrator.support.FleetStub.success;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bakeryia.orchestrator.support.FleetStub.Call;
import com.bakeryia.orchestrator.support.OrchestratorTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.retry.event.RetryOnRetryEvent;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

class DeletionJobExecutionIntegrationTests extends OrchestratorTestSupport {

    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(20);

    @Autowired
    private WorkerProperties worker;

    @Autowired
    private RetryRegistry retries;

    @Value("${resilience4j.retry.configs.default.wait-duration}")
    private Duration retryWait;

    @Value("${resilience4j.retry.configs.default.exponential-backoff-multiplier}")
    private double retryMultiplier;

    @Value("${resilience4j.retry.configs.default.randomized-wait-factor}")
    private double retryJitter;

    @Test
    void runsDomainStepsInParallelAndTenantServiceLast() {
        UUID tenant = UUID.randomUUID();
        for (String service : DOMAIN_SERVICES) {
            FLEET.script(service, tenant, success(Duration.ofMillis(300)));
        }

        UUID jobId = createJob(tenant);
        JsonNode job = awaitStatus(jobId, "COMPLETED", JOB_TIMEOUT);

        List<Call> domain = FLEET.deletions(tenant).stream()
                .filter(call -> !call.service().equals("tenant-service"))
                .toList();
        Call tenantCall = FLEET.deletions(tenant, "tenant-service").get(0);
        Instant lastDomainStart = domain.stream()
                .map(Call::started)
                .max(Comparator.naturalOrder())
                .orElseThrow();
        Instant firstDomainEnd = domain.stream()
                .map(Call::finished)
                .min(Comparator.naturalOrder())
                .orElseThrow();
        Instant lastDomainEnd = domain.stream()
                .map(Call::finished)
                .max(Comparator.naturalOrder())
                .orElseThrow();
        assertThat(domain)
                .hasSize(DOMAIN_SERVICES.size())
                .extracting(Call::service)
                .containsExactlyInAnyOrderElementsOf(DOMAIN_SERVICES);
        assertThat(lastDomainStart)
                .as("every domain call started before the first one ended: all twelve were in flight at once")
                .isBefore(firstDomainEnd);
        assertThat(tenantCall.started())
                .as("tenant-service runs after every domain service")
                .isAfter(lastDomainEnd);
        for (String service : SERVICES) {
            JsonNode step = step(job, service);
            assertThat(step.path("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(step.path("attempts").asInt()).isEqualTo(1);
            assertThat(step.path("verified").asBoolean()).isTrue();
        }
        assertThat(job.path("total_deleted").asLong()).isEqualTo(13 * 3);
        assertThat(job.path("attempt").asInt()).isEqualTo(1);
    }

    @Test
    void retriesServerErrorsWithBackoffUntilTheServiceAnswers() {
        UUID tenant = UUID.randomUUID();
        FLEET.script("orders-service", tenant, status(503), status(503), success());
        List<RetryOnRetryEvent> waits = new CopyOnWriteArrayList<>();
        AtomicBoolean watching = new AtomicBoolean(true);
        retries.retry("orders-service").getEventPublisher().onRetry(event -> {
            if (watching.get()) {
                waits.add(event);
            }
        });

        JsonNode job;
        try {
            job = awaitStatus(createJob(tenant), "COMPLETED", JOB_TIMEOUT);
        } finally {
            watching.set(false);
        }

        List<Call> calls = FLEET.deletions(tenant, "orders-service");
        assertThat(calls).extracting(Call::reply).containsExactly("Status", "Status", "Success");
        assertThat(step(job, "orders-service").path("attempts").asInt()).isEqualTo(3);
        // Each retry waited at least the configured wait, doubled per retry, less the largest jitter
        // (resilience4j's own account of the wait), and the calls were at least that far apart (the
        // stub records a call's end before its answer leaves and the next call's start after it
        // arrived, so the gap contains the whole wait).
        assertThat(waits).as("a retry event per retry").hasSizeGreaterThanOrEqualTo(2);
        for (RetryOnRetryEvent wait : waits) {
            assertThat(wait.getWaitInterval())
                    .as("wait before retry %d", wait.getNumberOfRetryAttempts())
                    .isGreaterThanOrEqualTo(shortestWait(wait.getNumberOfRetryAttempts()));
        }
        for (int i = 1; i < calls.size(); i++) {
            assertThat(Duration.between(
                            calls.get(i - 1).finished(), calls.get(i).started()))
                    .as("backoff before call %d", i + 1)
                    .isGreaterThanOrEqualTo(shortestWait(i));
        }
    }

    /** The shortest wait before the retry-th retry that the configured backoff allows. */
    private Duration shortestWait(int retry) {
        Duration shortest = Duration.ofNanos(
                Math.round(retryWait.toNanos() * Math.pow(retryMultiplier, retry - 1) * (1 - retryJitter)));
        assertThat(shortest).as("the configured backoff").isPositive();
        return shortest;
    }

    @Test
    void neverRetriesForbiddenAndFailsTheJobNamingTheService() {
        UUID tenant = UUID.randomUUID();
        FLEET.script("inventory-service", tenant, status(403));

        JsonNode job = awaitStatus(createJob(tenant), "FAILED", JOB_TIMEOUT);

        assertThat(FLEET.deletions(tenant, "inventory-service")).hasSize(1);
        assertThat(job.path("error").asText()).contains("inventory-service").contains("403");
        assertThat(job.path("failure_reason").asText()).isEqualTo("rejected");
        JsonNode failed = step(job, "inventory-service");
        assertThat(failed.path("status").asText()).isEqualTo("FAILED");
        assertThat(failed.path("attempts").asInt()).isEqualTo(1);
        assertThat(failed.path("errors").get(0).asText()).contains("HTTP 403");
        assertThat(step(job, "orders-service").path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(step(job, "tenant-service").path("status").asText()).isEqualTo("PENDING");
        assertThat(FLEET.deletions(tenant, "tenant-service")).isEmpty();
    }

    @Test
    void retriesTimeoutWithoutHoldingUpOtherServices() {
        UUID tenant = UUID.randomUUID();
        FLEET.script("forecasting-service", tenant, success(Duration.ofMillis(1500)), success());

        JsonNode job = awaitStatus(createJob(tenant), "COMPLETED", JOB_TIMEOUT);

        JsonNode forecasting = step(job, "forecasting-service");
        assertThat(forecasting.path("attempts").asInt()).isEqualTo(2);
        Instant firstCallTimedOut =
                FLEET.deletions(tenant, "forecasting-service").get(0).started().plusSeconds(1);
        for (String service : DOMAIN_SERVICES) {
            if (!service.equals("forecasting-service")) {
                JsonNode other = step(job, service);
                assertThat(other.path("attempts").asInt()).as(service).isEqualTo(1);
                assertThat(Instant.parse(other.path("finished_at").asText()))
                        .as("%s finished while forecasting-service was still timing out", service)
                        .isBefore(firstCallTimedOut);
            }
        }
    }

    // Issue 14 changed the contract: a service down for longer than the call retries no longer makes the job
    // FAILED (waiting for a person); the step is RETRYING and the job completes once the service is back.
    @Test
    void retriesAServiceThatStaysDownLaterAndCompletesWithoutAPerson() {
        UUID tenant = UUID.randomUUID();
        FLEET.script("pos-service", tenant, drop(), drop(), drop());

        UUID jobId = createJob(tenant);
        JsonNode completed = awaitStatus(jobId, "COMPLETED", JOB_TIMEOUT);

        assertThat(FLEET.deletions(tenant, "pos-service")).hasSize(4);
        for (String service : SERVICES) {
            if (!service.equals("pos-service")) {
                assertThat(FLEET.deletions(tenant, service))
                        .as("%s is not called again", service)
                        .hasSize(1);
            }
        }
        JsonNode pos = step(completed, "pos-service");
        assertThat(pos.path("attempts").asInt()).isEqualTo(4);
        assertThat(pos.path("retries").asInt()).isEqualTo(1);
        assertThat(pos.path("errors")).hasSize(1);
        assertThat(pos.path("last_error").asText()).startsWith("pos-service: I/O error");
        assertThat(pos.path("next_attempt_at").isNull()).isTrue();
        assertThat(completed.path("attempt").asInt()).isEqualTo(2);
        assertThat(completed.path("error").isNull()).isTrue();
        assertThat(completed.path("retrying_since").isNull()).isTrue();
        assertThat(completed.path("failure_reason").isNull()).isTrue();
    }

    @Test
    void failsTheStepWhenTheServiceClaimsSuccessButRowsRemain() {
        UUID tenant = UUID.randomUUID();
        FLEET.script("sales-service", tenant, rowsRemain());

        JsonNode job = awaitStatus(createJob(tenant), "FAILED", JOB_TIMEOUT);

        assertThat(FLEET.deletions(tenant, "sales-service")).hasSize(1);
        assertThat(job.path("error").asText()).contains("sales-service").contains("remain");
        assertThat(step(job, "sales-service").path("verified").asBoolean()).isFalse();
    }

    @Test
    void sendsEveryServiceAFreshTokenForItselfBoundToTenantAndJob() throws Exception {
        UUID tenant = UUID.randomUUID();
        FLEET.script("orders-service", tenant, status(502), success());
        UUID jobId = createJob(tenant);
        awaitStatus(jobId, "COMPLETED", JOB_TIMEOUT);

        JWKSource<SecurityContext> orchestratorKeys = JWKSourceBuilder.create(
                        URI.create("http://127.0.0.1:" + port + "/.well-known/jwks.json")
                                .toURL())
                .build();
        DefaultJWTProcessor<SecurityContext> verifier = new DefaultJWTProcessor<>();
        verifier.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, orchestratorKeys));
        List<Call> calls = FLEET.deletions(tenant);
        assertThat(calls)
                .as("every service once, orders-service twice (502, then success)")
                .hasSize(SERVICES.size() + 1);
        for (Call call : calls) {
            JWTClaimsSet claims = verifier.process(call.token(), null);
            assertThat(claims.getIssuer()).isEqualTo("orchestrator-service");
            assertThat(claims.getAudience()).containsExactly(call.service());
            assertThat(claims.getStringClaim("tenant_id")).isEqualTo(tenant.toString());
            assertThat(claims.getStringClaim("job_id")).isEqualTo(jobId.toString());
            assertThat(claims.getStringClaim("scope")).isEqualTo("tenant-data.delete");
            assertThat(Duration.between(
                            claims.getIssueTime().toInstant(),
                            claims.getExpirationTime().toInstant()))
                    .isLessThanOrEqualTo(Duration.ofMinutes(5));
        }
        List<Call> orders = FLEET.deletions(tenant, "orders-service");
        assertThat(orders.get(0).claims().path("jti").asText())
                .as("every call gets a fresh token")
                .isNotEqualTo(orders.get(1).claims().path("jti").asText());
        assertThat(JWKSet.load(URI.create("http://127.0.0.1:" + port + "/.well-known/jwks.json")
                                .toURL())
                        .getKeyByKeyId("orchestrator-test-key"))
                .isNotNull();
    }

    @Test
    void keepsAJobDuringItsGracePeriodPendingAndLetsItBeCancelled() {
        UUID tenant = UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        String notBefore = Instant.now().plus(1, ChronoUnit.HOURS).toString();
        assertThat(put("/api/v1/deletion-jobs/" + jobId, tenantServiceToken(tenant, jobId), jobBody(tenant, notBefore))
                        .status())
                .isEqualTo(201);

        await("the job waits out its grace period")
                .during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(2))
                .until(() -> get("/api/v1/deletion-jobs/" + jobId, opsToken())
                        .json()
                        .path("status")
                        .asText()
                        .equals("PENDING"));

        Answer cancelled = post("/api/v1/deletion-jobs/" + jobId + "/cancel", tenantServiceToken(tenant, jobId));
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().path("status").asText()).isEqualTo("CANCELLED");
        // Issue 14: cancel is idempotent; a second cancel answers the CANCELLED job again.
        Answer again = post("/api/v1/deletion-jobs/" + jobId + "/cancel", tenantServiceToken(tenant, jobId));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("status").asText()).isEqualTo("CANCELLED");
        assertThat(FLEET.deletions(tenant)).isEmpty();
    }

    @Test
    void neverRunsMoreThanMaxConcurrentJobsWhenManyAreCreatedAtOnce() throws Exception {
        int maxJobs = worker.maxConcurrentJobs();
        List<UUID> tenants = new ArrayList<>();
        for (int i = 0; i < 3 * maxJobs; i++) {
            UUID tenant = UUID.randomUUID();
            FLEET.script("orders-service", tenant, success(Duration.ofMillis(600)));
            tenants.add(tenant);
        }

        List<UUID> jobIds = createAtOnce(tenants);
        List<JsonNode> jobs = new ArrayList<>();
        for (UUID jobId : jobIds) {
            jobs.add(awaitStatus(jobId, "COMPLETED", Duration.ofSeconds(60)));
        }

        assertThat(jobs)
                .allSatisfy(job -> assertThat(job.path("attempt").asInt())
                        .as("claimed once")
                        .isEqualTo(1));
        assertThat(mostJobsRunningAtOnce(jobs))
                .as("jobs running at once, from their started_at and finished_at")
                .isEqualTo(maxJobs);
    }

    @Test
    void refusesToCancelAJobThatAlreadyRan() {
        UUID tenant = UUID.randomUUID();
        UUID jobId = createJob(tenant);
        awaitStatus(jobId, "COMPLETED", JOB_TIMEOUT);

        Answer cancel = post("/api/v1/deletion-jobs/" + jobId + "/cancel", tenantServiceToken(tenant, jobId));

        assertThat(cancel.status()).isEqualTo(409);
        assertThat(cancel.json().path("type").asText()).isEqualTo("urn:bakery-ia:problem:job-not-cancellable");
        assertThat(cancel.json().path("detail").asText()).contains("COMPLETED");
    }

    private List<UUID> createAtOnce(List<UUID> tenants) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<UUID>> created = new ArrayList<>();
        try (ExecutorService executor = Executors.newFixedThreadPool(tenants.size())) {
            for (UUID tenant : tenants) {
                created.add(executor.submit(() -> {
                    go.await();
                    return createJob(tenant);
                }));
            }
            go.countDown();
        }
        List<UUID> jobIds = new ArrayList<>();
        for (Future<UUID> jobId : created) {
            jobIds.add(jobId.get());
        }
        return jobIds;
    }

    private static int mostJobsRunningAtOnce(List<JsonNode> jobs) {
        record Edge(Instant at, int change) {}
        List<Edge> edges = new ArrayList<>();
        for (JsonNode job : jobs) {
            edges.add(new Edge(Instant.parse(job.path("started_at").asText()), 1));
            edges.add(new Edge(Instant.parse(job.path("finished_at").asText()), -1));
        }
        edges.sort(Comparator.comparing(Edge::at).thenComparing(Edge::change));
        int running = 0;
        int most = 0;
        for (Edge edge : edges) {
            running += edge.change();
            most = Math.max(most, running);
        }
        return most;
    }
}
