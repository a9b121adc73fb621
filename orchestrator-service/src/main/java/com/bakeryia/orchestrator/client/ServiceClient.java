package com.bakeryia.orchestrator.client;

import com.bakeryia.fleet.token.ServiceTokenIssuer;
import com.bakeryia.fleet.token.ServiceTokenScopes;
import com.bakeryia.orchestrator.registry.ServiceEndpoint;
import com.bakeryia.orchestrator.registry.ServiceRegistry;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.core.functions.CheckedSupplier;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Calls the deletion endpoints of the fleet's services over the JDK HTTP client. Every HTTP call
 * carries a fresh service token addressed to the called service and bound to the tenant (and, for
 * a deletion, the job); every call has the service's connect and read timeouts and goes through
 * its bulkhead and circuit breaker; deletions are retried (see {@link RetryableCallException}).
 */
public final class ServiceClient {

    private final ServiceTokenIssuer tokens;
    private final ServiceResilience resilience;
    private final ObjectMapper objectMapper;
    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();

    ServiceClient(
            ServiceRegistry registry,
            ServiceTokenIssuer tokens,
            ServiceResilience resilience,
            ObjectMapper objectMapper) {
        this.tokens = tokens;
        this.resilience = resilience;
        this.objectMapper = objectMapper;
        registry.steps().forEach(this::client);
    }

    /**
     * Erases the tenant's data in the service, retrying what may pass.
     *
     * @param service the service to call
     * @param tenantId the tenant to erase
     * @param jobId the job the call belongs to, carried in the token
     * @param beforeEachCall runs before every HTTP call (the caller counts attempts and checks that
     *     it may still act); an exception it throws ends the step without a call
     * @return the verified answer
     * @throws ServiceCallException when the service did not erase and verify, after the retries
     *     the failure allows
     * @throws CallNotPermittedException when the service's circuit breaker stayed open
     * @throws BulkheadFullException when the service's bulkhead stayed full
     */
    public DeletionAnswer delete(ServiceEndpoint service, UUID tenantId, UUID jobId, Runnable beforeEachCall) {
        CheckedSupplier<DeletionAnswer> call = () -> {
            beforeEachCall.run();
            return deleteOnce(service, tenantId, jobId);
        };
        return invoke(resilience.withRetry(service.name(), call));
    }

    /**
     * Asks the service what erasing the tenant would delete; one call, no retry.
     *
     * @throws ServiceCallException when the service did not answer with a preview
     * @throws CallNotPermittedException when the service's circuit breaker is open
     * @throws BulkheadFullException when the service's bulkhead is full
     */
    public PreviewAnswer preview(ServiceEndpoint service, UUID tenantId) {
        return invoke(resilience.guarded(service.name(), () -> previewOnce(service, tenantId)));
    }

    private DeletionAnswer deleteOnce(ServiceEndpoint service, UUID tenantId, UUID jobId) throws InterruptedException {
        String token = tokens.issue(service.name(), ServiceTokenScopes.TENANT_DATA_DELETE, tenantId, jobId);
        HttpRequest request =
                request(service, service.deletionUri(tenantId), token).DELETE().build();
        HttpResponse<String> response = send(service, request);
        JsonNode body = parse(response.body());
        if (response.statusCode() != HttpStatus.OK.value()) {
            throw failure(service.name(), response.statusCode(), body);
        }
        if (!body.path("success").asBoolean(false)) {
            throw new RejectedCallException(service.name(), "HTTP 200 without success: " + describe(body));
        }
        Map<String, Long> remaining = counts(body.path("remaining_counts"));
        remaining.values().removeIf(rows -> rows == 0);
        if (!remaining.isEmpty()) {
            throw new RejectedCallException(
                    service.name(), "answered success but rows of the tenant remain: " + remaining);
        }
        if (!body.path("verified").asBoolean(false)) {
            throw new RejectedCallException(service.name(), "answered success but did not verify the deletion");
        }
        return new DeletionAnswer(
                counts(body.path("deleted_counts")), body.path("duration_ms").asLong(0));
    }

    private PreviewAnswer previewOnce(ServiceEndpoint service, UUID tenantId) throws InterruptedException {
        String token = tokens.issue(service.name(), ServiceTokenScopes.TENANT_DATA_PREVIEW, tenantId, null);
        HttpRequest request =
                request(service, service.previewUri(tenantId), token).GET().build();
        HttpResponse<String> response = send(service, request);
        JsonNode body = parse(response.body());
        if (response.statusCode() != HttpStatus.OK.value()) {
            throw failure(service.name(), response.statusCode(), body);
        }
        Map<String, Long> counts = counts(body.path("counts"));
        Map<String, String> retained = new LinkedHashMap<>();
        body.path("retained")
                .properties()
                .forEach(e -> retained.put(e.getKey(), e.getValue().asText()));
        long total = body.path("total").isNumber()
                ? body.path("total").asLong()
                : counts.values().stream().mapToLong(Long::longValue).sum();
        JsonNode external = body.path("external").isObject() ? body.path("external") : objectMapper.createObjectNode();
        return new PreviewAnswer(counts, retained, external, total);
    }

    private HttpRequest.Builder request(ServiceEndpoint service, URI uri, String token) {
        return HttpRequest.newBuilder(uri)
                .timeout(service.readTimeout())
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .header(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE);
    }

    private HttpResponse<String> send(ServiceEndpoint service, HttpRequest request) throws InterruptedException {
        try {
            return client(service).send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException ex) {
            throw new RetryableCallException(
                    service.name(),
                    "no connection to " + service.baseUrl() + " within " + service.connectTimeout(),
                    ex);
        } catch (ConnectException ex) {
            throw new RetryableCallException(
                    service.name(), "I/O error: cannot connect to " + service.baseUrl() + messageOf(ex), ex);
        } catch (HttpTimeoutException ex) {
            throw new RetryableCallException(
                    service.name(), "no answer within " + service.readTimeout() + " (" + ex.getMessage() + ")", ex);
        } catch (IOException ex) {
            throw new RetryableCallException(
                    service.name(), "I/O error: " + ex.getClass().getSimpleName() + messageOf(ex), ex);
        }
    }

    private HttpClient client(ServiceEndpoint service) {
        return clients.computeIfAbsent(
                service.name(),
                name -> HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(service.connectTimeout())
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build());
    }

    private static ServiceCallException failure(String service, int status, JsonNode body) {
        String problem = "HTTP " + status + " " + reason(status) + detailOf(body);
        return status >= 500
                ? new RetryableCallException(service, problem, null)
                : new RejectedCallException(service, problem);
    }

    private static String detailOf(JsonNode body) {
        if (body.path("errors").isArray() && !body.path("errors").isEmpty()) {
            StringBuilder errors = new StringBuilder();
            body.path("errors")
                    .forEach(e -> errors.append(errors.isEmpty() ? "" : "; ").append(e.asText()));
            return ": " + errors;
        }
        if (body.path("detail").isTextual()) {
            return ": " + body.path("detail").asText();
        }
        return "";
    }

    private static String reason(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known != null ? known.getReasonPhrase() : "";
    }

    private static String describe(JsonNode body) {
        String text = body.toString();
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    private static String messageOf(Throwable ex) {
        return ex.getMessage() != null ? " (" + ex.getMessage() + ")" : "";
    }

    private JsonNode parse(@Nullable String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return objectMapper.readTree(body);
        } catch (JsonProcessingException ex) {
            return MissingNode.getInstance();
        }
    }

    private static Map<String, Long> counts(JsonNode node) {
        return node.properties().stream()
                .collect(Collectors.toMap(
                        Map.Entry::getKey, e -> e.getValue().asLong(), (a, b) -> b, LinkedHashMap::new));
    }

    private static <T> T invoke(CheckedSupplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException ex) {
            throw ex;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new CallInterruptedException(ex);
        } catch (Throwable ex) {
            throw new IllegalStateException("Unexpected failure of a service call", ex);
        }
    }
}
