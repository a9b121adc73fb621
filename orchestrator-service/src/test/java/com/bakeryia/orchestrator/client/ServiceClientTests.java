package com.bakeryia.orchestrator.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.bakeryia.deletion.api.DeletionResult;
import com.bakeryia.fleet.token.ServiceTokenIssuer;
import com.bakeryia.orchestrator.registry.ServiceEndpoint;
import com.bakeryia.orchestrator.registry.ServiceRegistry;
import com.bakeryia.orchestrator.registry.ServiceRegistryProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class ServiceClientTests {

    private static final UUID TENANT = UUID.randomUUID();
    private static final UUID JOB = UUID.randomUUID();

    private static final Duration BREAKER_OPEN_FOR = Duration.ofSeconds(30);

    private final MockWebServer server = new MockWebServer();
    private final AtomicInteger attempts = new AtomicInteger();
    private final BulkheadRegistry bulkheads = BulkheadRegistry.of(BulkheadConfig.custom()
            .maxConcurrentCalls(1)
            .maxWaitDuration(Duration.ZERO)
            .build());
    private CircuitBreakerRegistry circuitBreakers = CircuitBreakerRegistry.ofDefaults();

    @AfterEach
    void stopServer() throws IOException {
        server.shutdown();
    }

    @Test
    void retriesAnUnreachableServiceAndNamesIt() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        ServiceEndpoint orders = endpoint(URI.create("http://127.0.0.1:" + closedPort));

        assertThatExceptionOfType(RetryableCallException.class)
                .isThrownBy(() -> client(orders).delete(orders, TENANT, JOB, attempts::incrementAndGet))
                .withMessageStartingWith("orders-service: I/O error: cannot connect to http://127.0.0.1:" + closedPort);
        assertThat(attempts).hasValue(3);
    }

    @Test
    void retriesAServiceThatDoesNotAnswerInTime() throws IOException {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse().setHeadersDelay(2, TimeUnit.SECONDS));
        }
        server.start();
        ServiceEndpoint orders = new ServiceEndpoint(
                "orders-service", server.url("/").uri(), Duration.ofSeconds(1), Duration.ofMillis(200), false);

        assertThatExceptionOfType(RetryableCallException.class)
                .isThrownBy(() -> client(orders).delete(orders, TENANT, JOB, attempts::incrementAndGet))
                .withMessageStartingWith("orders-service: no answer within PT0.2S");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void doesNotRetryABadRequest() throws IOException {
        server.enqueue(new MockResponse().setResponseCode(400).setBody("{\"detail\":\"tenant id is not a UUID\"}"));
        server.start();
        ServiceEndpoint orders = endpoint(server.url("/").uri());

        assertThatExceptionOfType(RejectedCallException.class)
                .isThrownBy(() -> client(orders).delete(orders, TENANT, JOB, attempts::incrementAndGet))
                .withMessage("orders-service: HTTP 400 Bad Request: tenant id is not a UUID");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void rejectsASuccessThatWasNotVerified() throws IOException {
        server.enqueue(
                new MockResponse()
                        .setBody(
                                "{\"success\":true,\"deleted_counts\":{\"orders\":2},\"verified\":false,\"remaining_counts\":{}}"));
        server.start();
        ServiceEndpoint orders = endpoint(server.url("/").uri());

        assertThatExceptionOfType(RejectedCallException.class)
                .isThrownBy(() -> client(orders).delete(orders, TENANT, JOB, attempts::incrementAndGet))
                .withMessageContaining("did not verify");
    }

    @Test
    void readsTheCountsOfAVerifiedDeletion() throws Exception {
        server.enqueue(new MockResponse()
                .setBody("{\"success\":true,\"deleted_counts\":{\"order_items\":5,\"orders\":2},\"verified\":true,"
                        + "\"remaining_counts\":{},\"duration_ms\":12,\"external_deleted\":{}}"));
        server.start();
        ServiceEndpoint orders = endpoint(server.url("/").uri());

        DeletionResult answer = client(orders).delete(orders, TENANT, JOB, attempts::incrementAndGet);

        assertThat(answer.deletedCounts()).containsExactly(Map.entry("order_items", 5L), Map.entry("orders", 2L));
        assertThat(answer.totalDeleted()).isEqualTo(7);
        assertThat(server.takeRequest().getHeader("Authorization"))
                .isEqualTo("Bearer orders-service/" + TENANT + "/" + JOB);
        assertThat(server.takeRequest(0, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void rejectsAForbiddenCallAtOnce() throws IOException {
        server.enqueue(new MockResponse().setResponseCode(403).setBody("{\"detail\":\"scope missing\"}"));
        server.start();
        ServiceEndpoint orders = endpoint(server.url("/").uri());

        assertThatExceptionOfType(ServiceCallException.class)
                .isThrownBy(() -> client(orders).delete(orders, TENANT, JOB, attempts::incrementAndGet))
                .withMessage("orders-service: HTTP 403 Forbidden: scope missing")
                .satisfies(ex -> {
                    assertThat(ex.outcome()).isEqualTo(ServiceCallException.Outcome.REJECTED);
                    assertThat(ex.retryAfter()).isEmpty();
                    assertThat(ex.service()).isEqualTo("orders-service");
                });
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void retriesARequestTimeoutAndAServerErrorAsRetryable() throws IOException {
        server.enqueue(new MockResponse().setResponseCode(408));
        server.enqueue(new MockResponse().setResponseCode(500).setBody("{\"detail\":\"database down\"}"));
        server.enqueue(new MockResponse().setResponseCode(502));
        server.start();
        ServiceEndpoint orders = endpoint(server.url("/").uri());

        assertThatExceptionOfType(ServiceCallException.class)
                .isThrownBy(() -> client(orders).delete(orders, TENANT, JOB, attempts::incrementAndGet))
                .withMessageStartingWith("orders-service: HTTP 502")
                .satisfies(ex -> {
                    assertThat(ex.outcome()).isEqualTo(ServiceCallException.Outcome.RETRYABLE);
                    assertThat(ex.retryAfter()).isEmpty();
                });
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void aTooManyRequestsWithoutRetryAfterIsRetried() throws IOException {
        server.enqueue(new MockResponse().setResponseCode(429));
        server.enqueue(
                new MockResponse()
                        .setBody(
                                "{\"success\":true,\"deleted_counts\":{\"orders\":1},\"verified\":true,\"remaining_counts\":{}}"));
        server.start();
        ServiceEndpoint orders = endpoint(server.url("/").uri());

        DeletionResult answer = client(orders).delete(orders, TENANT, JOB, attempts::incrementAndGet);

        assertThat(answer.deletedCounts()).containsExactly(Map.entry("orders", 1L));
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void rowsThatSurviveEveryPassAreResidue() throws IOException {
        for (int i = 0; i < 3; i++) {
            server.enqueue(
                    new MockResponse()
                            .setResponseCode(500)
                            .setBody(
                                    "{\"success\":false,\"deleted_counts\":{\"orders\":1},\"verified\":false,"
                                            + "\"errors\":[\"orders: 2 rows remain after 3 passes\"],\"remaining_counts\":{\"orders\":2}}"));
        }
        server.start();
        ServiceEndpoint orders = endpoint(server.url("/").uri());

        assertThatExceptionOfType(ServiceCallException.class)
                .isThrownBy(() -> client(orders).delete(orders, TENANT, JOB, attempts::incrementAndGet))
                .withMessage("orders-service: HTTP 500 Internal Server Error: orders: 2 rows remain after 3 passes")
                .satisfies(ex -> assertThat(ex.outcome()).isEqualTo(ServiceCallException.Outcome.RESIDUE));
    }

    @Test
    void aServerErrorWithoutRemainingRowsIsRetryable() throws IOException {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse()
                    .setResponseCode(500)
                    .setBody("{\"success\":false,\"errors\":[\"connection reset\"],\"remaining_counts\":{}}"));
        }
        server.start();
        ServiceEndpoint orders = endpoint(server.url("/").uri());

        assertThatExceptionOfType(ServiceCallException.class)
                .isThrownBy(() -> client(orders).delete(orders, TENANT, JOB, attempts::incrementAndGet))
                .satisfies(ex -> assertThat(ex.outcome()).isEqualTo(ServiceCallException.Outcome.RETRYABLE));
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void aServiceBusyWithRetryAfterSecondsEndsTheCallAtOnce() throws IOException {
        server.enqueue(new MockResponse()
                .setResponseCode(503)
                .setHeader("Retry-After", "7")
                .setBody("{\"detail\":\"4 runs in progress\"}"));
        server.start();
        ServiceEndpoint orders = endpoint(server.url("/").uri());

        assertThatExceptionOfType(ServiceCallException.class)
                .isThrownBy(() -> client(orders).delete(orders, TENANT, JOB, attempts::incrementAndGet))
                .withMessageStartingWith("orders-service: HTTP 503 Service Unavailable: 4 runs in progress")
                .satisfies(ex -> {
                    assertThat(ex.outcome()).isEqualTo(ServiceCallException.Outcome.RETRYABLE);
                    assertThat(ex.retryAfter()).contains(Duration.ofSeconds(7));
                });
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(circuitBreakers.circuitBreaker("orders-service").getMetrics().getNumberOfFailedCalls())
                .as("a service that asks to wait is not failing")
                .isZero();
    }

    @Test
    void aTooManyRequestsWithRetryAfterAsDateIsWaitedUntilThatDate() throws IOException {
        ZonedDateTime until = ZonedDateTime.now(ZoneOffset.UTC).plusMinutes(10);
        server.enqueue(new MockResponse()
                .setResponseCode(429)
                .setHeader("Retry-After", DateTimeFormatter.RFC_1123_DATE_TIME.format(until)));
        server.start();
        ServiceEndpoint orders = endpoint(server.url("/").uri());

        assertThatExceptionOfType(ServiceCallException.class)
                .isThrownBy(() -> client(orders).delete(orders, TENANT, JOB, attempts::incrementAndGet))
                .satisfies(ex -> {
                    assertThat(ex.outcome()).isEqualTo(ServiceCallException.Outcome.RETRYABLE);
                    assertThat(ex.retryAfter())
                            .hasValueSatisfying(wait -> assertThat(wait)
                                    .isGreaterThan(Duration.ofMinutes(9))
                                    .isLessThanOrEqualTo(Duration.ofMinutes(10)));
                });
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void anOpenCircuitBreakerPostponesTheCallUntilItLetsCallsThrough() throws IOException {
        server.start();
        ServiceEndpoint orders = endpoint(server.url("/").uri());
        ServiceClient client = client(orders);
        circuitBreakers.circuitBreaker("orders-service").transitionToOpenState();

        assertThatExceptionOfType(ServiceCallException.class)
                .isThrownBy(() -> client.delete(orders, TENANT, JOB, attempts::incrementAndGet))
                .withMessageContaining("circuit breaker")
                .satisfies(ex -> {
                    assertThat(ex.outcome()).isEqualTo(ServiceCallException.Outcome.RETRYABLE);
                    assertThat(ex.retryAfter())
                            .hasValueSatisfying(
                                    wait -> assertThat(wait).isPositive().isLessThanOrEqualTo(BREAKER_OPEN_FOR));
                });
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void aFullBulkheadPostponesTheCallShortly() throws IOException {
        server.start();
        ServiceEndpoint orders = endpoint(server.url("/").uri());
        ServiceClient client = client(orders);
        Bulkhead bulkhead = bulkheads.bulkhead("orders-service");
        assertThat(bulkhead.tryAcquirePermission()).isTrue();
        try {
            assertThatExceptionOfType(ServiceCallException.class)
                    .isThrownBy(() -> client.delete(orders, TENANT, JOB, attempts::incrementAndGet))
                    .withMessageContaining("bulkhead")
                    .satisfies(ex -> {
                        assertThat(ex.outcome()).isEqualTo(ServiceCallException.Outcome.RETRYABLE);
                        assertThat(ex.retryAfter())
                                .hasValueSatisfying(wait ->
                                        assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1)));
                    });
        } finally {
            bulkhead.onComplete();
        }
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void rejectsAnAnswerLargerThanTheCap() throws IOException {
        String padding = "x".repeat(8 * 1024);
        server.enqueue(new MockResponse()
                .setBody("{\"success\":true,\"deleted_counts\":{\"orders\":1},\"verified\":true,"
                        + "\"remaining_counts\":{},\"errors\":[\"" + padding + "\"]}"));
        server.start();
        ServiceEndpoint orders = endpoint(server.url("/").uri());

        assertThatExceptionOfType(ServiceCallException.class)
                .isThrownBy(() ->
                        client(orders, DataSize.ofKilobytes(4)).delete(orders, TENANT, JOB, attempts::incrementAndGet))
                .withMessage("orders-service: answer larger than 4096 bytes")
                .satisfies(ex -> assertThat(ex.outcome()).isEqualTo(ServiceCallException.Outcome.REJECTED));
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void readsAnAnswerOfExactlyTheCap() throws IOException {
        String body = "{\"success\":true,\"deleted_counts\":{\"orders\":1},\"verified\":true,\"remaining_counts\":{}}";
        server.enqueue(new MockResponse().setBody(body));
        server.start();
        ServiceEndpoint orders = endpoint(server.url("/").uri());

        DeletionResult answer =
                client(orders, DataSize.ofBytes(body.length())).delete(orders, TENANT, JOB, attempts::incrementAndGet);

        assertThat(answer.deletedCounts()).containsExactly(Map.entry("orders", 1L));
    }

    private ServiceClient client(ServiceEndpoint endpoint) {
        return client(endpoint, DataSize.ofMegabytes(1));
    }

    private ServiceClient client(ServiceEndpoint endpoint, DataSize maxAnswerSize) {
        ServiceRegistry registry = new ServiceRegistry(new ServiceRegistryProperties(
                Map.of(
                        endpoint.name(),
                        new ServiceRegistryProperties.Service(
                                endpoint.baseUrl(), true, endpoint.connectTimeout(), endpoint.readTimeout()),
                        "tenant-service",
                        new ServiceRegistryProperties.Service(
                                endpoint.baseUrl(), true, endpoint.connectTimeout(), endpoint.readTimeout())),
                "tenant-service"));
        RetryRegistry retries = RetryRegistry.of(RetryConfig.custom()
                .maxAttempts(3)
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(Duration.ofMillis(5), 2, 0.5))
                .retryExceptions(RetryableCallException.class)
                .ignoreExceptions(RejectedCallException.class)
                .build());
        CircuitBreakerRegistry circuitBreakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .recordExceptions(RetryableCallException.class)
                .waitDurationInOpenState(BREAKER_OPEN_FOR)
                .build());
        this.circuitBreakers = circuitBreakers;
        ServiceTokenIssuer tokens = (audience, scope, tenantId, jobId) -> audience + "/" + tenantId + "/" + jobId;
        return new ServiceClient(
                registry,
                tokens,
                new ServiceResilience(registry, retries, circuitBreakers, bulkheads),
                new ObjectMapper(),
                maxAnswerSize);
    }

    private static ServiceEndpoint endpoint(URI baseUrl) {
        return new ServiceEndpoint("orders-service", baseUrl, Duration.ofSeconds(1), Duration.ofSeconds(2), false);
    }
}
