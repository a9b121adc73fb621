package com.bakeryia.orchestrator.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bakeryia.deletion.api.DeletionResult;
import com.bakeryia.fleet.FleetRoster;
import com.bakeryia.fleet.token.ServiceTokenScopes;
import com.bakeryia.testkit.postgres.FreshDatabaseContextInitializer;
import com.bakeryia.testkit.token.TestTokenAuthority;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The orchestrator on a fresh database and a random port, the services of the roster replaced by one
 * {@link FleetStub}, tenant-service and the OIDC issuer replaced by {@link TestTokenAuthority}s.
 * Metrics are exported (Prometheus) as in production. Call retries back off for milliseconds, a step's
 * durable retries for about a second, reads time out after one second, leases are short; every
 * subclass with the same properties shares one application context. A subclass overrides a setting
 * with its own {@code @TestPropertySource}; the values that must be dynamic (ports, URLs) are not
 * overridable that way, since dynamic properties take precedence.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability(tracing = false)
@ContextConfiguration(initializers = FreshDatabaseContextInitializer.class)
@TestPropertySource(
        properties = {
            "resilience4j.retry.configs.default.max-attempts=3",
            "resilience4j.retry.configs.default.wait-duration=20ms",
            "resilience4j.retry.configs.default.exponential-max-wait-duration=200ms",
            "orchestrator.worker.poll-interval=50ms",
            "orchestrator.worker.lease-duration=3s",
            "orchestrator.worker.heartbeat-interval=500ms",
            "orchestrator.worker.max-concurrent-jobs=8",
            "orchestrator.jobs.retry.initial-backoff=1s",
            "orchestrator.jobs.retry.max-backoff=2s",
            "resilience4j.circuitbreaker.configs.default.wait-duration-in-open-state=2s"
        })
public abstract class OrchestratorTestSupport {

    /** The domain services of the roster (fleet.yaml), in its order. */
    public static final List<String> DOMAIN_SERVICES = FleetRoster.fromClasspath().services().stream()
            .filter(service -> service.kind() == FleetRoster.Kind.DOMAIN)
            .map(FleetRoster.Service::name)
            .toList();

    /** The services of the default registry, the final one last. */
    public static final List<String> SERVICES =
            Stream.concat(DOMAIN_SERVICES.stream(), Stream.of("tenant-service")).toList();

    protected static final FleetStub FLEET = FleetStub.start();
    protected static final TestTokenAuthority TENANT_SERVICE = TestTokenAuthority.start("tenant-service");
    protected static final TestTokenAuthority USERS = TestTokenAuthority.start("https://users.bakery.test");
    protected static final ObjectMapper JSON = new ObjectMapper();
    /** The audience user tokens name, as configured ({@code spring.security.oauth2.resourceserver.jwt.audiences}). */
    protected static final String USER_TOKEN_AUDIENCE = "bakery-ia";

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @LocalServerPort
    protected int port;

    @Autowired
    private CircuitBreakerRegistry circuitBreakers;

    /** Each test starts with closed breakers: one test's failing service does not open it for the next. */
    @BeforeEach
    void closeCircuitBreakers() {
        circuitBreakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
    }

    @DynamicPropertySource
    static void fleet(DynamicPropertyRegistry registry) {
        for (String service : SERVICES) {
            registry.add("orchestrator.services." + service + ".base-url", FLEET::baseUrl);
            registry.add("orchestrator.services." + service + ".read-timeout", () -> "1s");
        }
        registry.add(
                "deletion.security.trusted-issuers.tenant-service",
                () -> TENANT_SERVICE.jwksUri().toString());
        registry.add(
                "spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
                () -> USERS.jwksUri().toString());
        registry.add("spring.security.oauth2.resourceserver.jwt.audiences", () -> USER_TOKEN_AUDIENCE);
        // Tests run the purges themselves (RetentionPurgeRunner.runOnce), never on a schedule beside them.
        registry.add("deletion.retention.enabled", () -> "false");
        registry.add("orchestrator.receipts.signing-keys[0].id", () -> "receipt-test-key");
        registry.add(
                "orchestrator.receipts.signing-keys[0].private-key",
                () -> "classpath:receipts/receipt-test-private.pem");
        registry.add(
                "orchestrator.receipts.signing-keys[0].public-key", () -> "classpath:receipts/receipt-test-public.pem");
        registry.add("deletion.tokens.signing-keys[0].id", () -> "orchestrator-test-key");
        registry.add(
                "deletion.tokens.signing-keys[0].private-key",
                () -> "classpath:service-tokens/orchestrator-test-private.pem");
        registry.add(
                "deletion.tokens.signing-keys[0].public-key",
                () -> "classpath:service-tokens/orchestrator-test-public.pem");
    }

    /** An ops user's token. */
    protected static String opsToken() {
        return USERS.token()
                .signature(TestTokenAuthority.Signature.RS256)
                .subject(UUID.randomUUID().toString())
                .audience(USER_TOKEN_AUDIENCE)
                .claim("roles", List.of("deletion-ops"))
                .sign();
    }

    /** An administrator's token (role deletion-admin only), for the user id. */
    protected static String adminToken(String userId) {
        return USERS.token()
                .signature(TestTokenAuthority.Signature.RS256)
                .subject(userId)
                .audience(USER_TOKEN_AUDIENCE)
                .claim("roles", List.of("deletion-admin"))
                .sign();
    }

    /** A user's token without the ops role. */
    protected static String userToken() {
        return USERS.token()
                .signature(TestTokenAuthority.Signature.RS256)
                .subject(UUID.randomUUID().toString())
                .audience(USER_TOKEN_AUDIENCE)
                .claim("roles", List.of("bakery-owner"))
                .sign();
    }

    /** tenant-service's token to create or cancel the job for the tenant. */
    protected static String tenantServiceToken(UUID tenantId, UUID jobId) {
        return TENANT_SERVICE
                .token()
                .audience("orchestrator-service")
                .scope(ServiceTokenScopes.DELETION_JOBS_WRITE)
                .tenant(tenantId)
                .jobId(jobId.toString())
                .sign();
    }

    /** The request body tenant-service sends. */
    protected static String jobBody(UUID tenantId, @Nullable String notBefore) {
        return "{\"tenant_id\":\"" + tenantId + "\",\"requested_by\":\"" + UUID.randomUUID()
                + "\",\"reason\":\"owner asked\"" + (notBefore != null ? ",\"not_before\":\"" + notBefore + "\"" : "")
                + "}";
    }

    /** Creates a job as tenant-service does, expecting 201. */
    protected UUID createJob(UUID tenantId) {
        UUID jobId = UUID.randomUUID();
        Answer created =
                put("/api/v1/deletion-jobs/" + jobId, tenantServiceToken(tenantId, jobId), jobBody(tenantId, null));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return jobId;
    }

    /** The job's JSON now. */
    protected JsonNode job(UUID jobId) {
        return get("/api/v1/deletion-jobs/" + jobId, opsToken()).json();
    }

    /**
     * Creates a job as tenant-service does, due before every other job of the database, so that a
     * test's own {@code claimNext} claims it rather than a job another test left due.
     */
    protected UUID createFirstDueJob(UUID tenantId, JdbcClient jdbc) {
        UUID jobId = UUID.randomUUID();
        Answer created = put(
                "/api/v1/deletion-jobs/" + jobId,
                tenantServiceToken(tenantId, jobId),
                jobBody(tenantId, Instant.now().plus(Duration.ofHours(1)).toString()));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        jdbc.sql("UPDATE deletion_job SET not_before = now() - interval '1 year' WHERE id = ?")
                .param(jobId)
                .update();
        return jobId;
    }

    /** Waits until the job has the status and returns its JSON. */
    protected JsonNode awaitStatus(UUID jobId, String status, Duration timeout) {
        String token = opsToken();
        await().atMost(timeout)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> get("/api/v1/deletion-jobs/" + jobId, token)
                        .json()
                        .path("status")
                        .asText()
                        .equals(status));
        return get("/api/v1/deletion-jobs/" + jobId, token).json();
    }

    /** The step of the service in the job JSON. */
    protected static JsonNode step(JsonNode job, String service) {
        for (JsonNode step : job.path("steps")) {
            if (step.path("service_name").asText().equals(service)) {
                return step;
            }
        }
        throw new AssertionError("No step of " + service + " in " + job);
    }

    protected Answer get(String path, @Nullable String token) {
        return send("GET", path, token, null);
    }

    protected Answer put(String path, @Nullable String token, String body) {
        return send("PUT", path, token, body);
    }

    protected Answer post(String path, @Nullable String token) {
        return send("POST", path, token, "");
    }

    /** Sends a request to the orchestrator. */
    protected Answer send(String method, String path, @Nullable String token, @Nullable String body) {
        return send(port, method, path, token, body);
    }

    /** Sends a request to the orchestrator's port {@code toPort} (the management port, for example). */
    protected Answer send(int toPort, String method, String path, @Nullable String token, @Nullable String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + toPort + path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json, */*;q=0.5")
                .method(
                        method,
                        body != null ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("Location").orElse(null),
                    response.body());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** An HTTP answer of the orchestrator. */
    public record Answer(
            int status, String contentType, @Nullable String location, String text) {

        /** The body as JSON. */
        public JsonNode json() {
            try {
                return JSON.readTree(text);
            } catch (IOException ex) {
                throw new UncheckedIOException("Not JSON: " + text, ex);
            }
        }
    }

    /** A service's verified answer to a deletion: {@code rows} rows of {@code table} deleted, nothing left. */
    protected static DeletionResult verifiedAnswer(UUID tenant, UUID job, String service, String table, long rows) {
        return new DeletionResult(
                tenant,
                job,
                service,
                true,
                Map.of(table, rows),
                Map.of(table, rows),
                List.of(),
                true,
                1,
                Map.of(),
                Map.of(),
                null);
    }
}
