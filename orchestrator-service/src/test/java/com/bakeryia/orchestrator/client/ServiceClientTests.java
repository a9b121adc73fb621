package com.bakeryia.orchestrator.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.bakeryia.deletion.api.DeletionResult;
import com.bakeryia.fleet.token.ServiceTokenIssuer;
import com.bakeryia.orchestrator.registry.ServiceEndpoint;
import com.bakeryia.orchestrator.registry.ServiceRegistry;
import com.bakeryia.orchestrator.registry.ServiceRegistryProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServiceClientTests {

    private static final UUID TENANT = UUID.randomUUID();
    private static final UUID JOB = UUID.randomUUID();

    private final MockWebServer server = new MockWebServer();
    private final AtomicInteger attempts = new AtomicInteger();

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

    private ServiceClient client(ServiceEndpoint endpoint) {
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
                .build());
        ServiceTokenIssuer tokens = (audience, scope, tenantId, jobId) -> audience + "/" + tenantId + "/" + jobId;
        return new ServiceClient(
                registry,
                tokens,
                new ServiceResilience(registry, retries, circuitBreakers, BulkheadRegistry.ofDefaults()),
                new ObjectMapper());
    }

    private static ServiceEndpoint endpoint(URI baseUrl) {
        return new ServiceEndpoint("orders-service", baseUrl, Duration.ofSeconds(1), Duration.ofSeconds(2), false);
    }
}
