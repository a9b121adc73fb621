package com.bakeryia.orchestrator.client;

import com.bakeryia.deletion.api.DeletionEndpoints;
import com.bakeryia.deletion.api.DeletionPreview;
import com.bakeryia.deletion.api.DeletionResult;
import com.bakeryia.fleet.token.ServiceTokenIssuer;
import com.bakeryia.fleet.token.ServiceTokenScopes;
import com.bakeryia.orchestrator.registry.ServiceEndpoint;
import com.bakeryia.orchestrator.registry.ServiceRegistry;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.core.functions.CheckedSupplier;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.util.unit.DataSize;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * Calls the deletion endpoints of the fleet's services ({@link DeletionEndpoints}) over Spring's
 * {@link RestClient} on the JDK HTTP client, and reads their answers as the wire records {@link
 * DeletionResult} and {@link DeletionPreview}. Every HTTP call carries a fresh service token
 * addressed to the called service and bound to the tenant (and, for a deletion, the job); every
 * call has the service's connect and read timeouts and goes through its bulkhead and circuit
 * breaker; deletions are retried (see {@link RetryableCallException}). An answer's body is read
 * through a bounded stream, never more than {@code orchestrator.client.max-answer-size} of it.
 *
 * <p>What a failed deletion throws ({@link ServiceCallException#outcome()}): {@link
 * RejectedCallException} for a 4xx other than 408 and 429, a 200 that is not a verified success,
 * and an answer larger than the cap; {@link RetryableCallException} (retried within the call) for
 * 5xx, 408, 429 without {@code Retry-After}, I/O errors and timeouts, with outcome RESIDUE for a
 * 500 whose {@code remaining_counts} lists rows; {@link PostponedCallException} (not retried within
 * the call, with {@link ServiceCallException#retryAfter()}) for a 429 or 503 with {@code
 * Retry-After}, and for an open circuit breaker or a full bulkhead once the call's retries are used
 * up.
 */
public final class ServiceClient {

    private static final int DESCRIBED_BODY_LENGTH = 300;

    private final ServiceTokenIssuer tokens;
    private final ServiceResilience resilience;
    private final ObjectMapper answers;
    private final Map<String, RestClient> clients = new ConcurrentHashMap<>();
    private final int maxAnswerBytes;

    ServiceClient(
            ServiceRegistry registry,
            ServiceTokenIssuer tokens,
            ServiceResilience resilience,
            ObjectMapper objectMapper,
            DataSize maxAnswerSize) {
        if (maxAnswerSize.toBytes() < 1 || maxAnswerSize.toBytes() >= Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    "orchestrator.client.max-answer-size must be between 1B and 2GB: " + maxAnswerSize);
        }
        this.maxAnswerBytes = (int) maxAnswerSize.toBytes();
        this.tokens = tokens;
        this.resilience = resilience;
        this.answers = lenient(objectMapper);
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
     * @return the service's verified answer
     * @throws ServiceCallException when the service did not erase and verify, after the retries
     *     the failure allows; its outcome says whether a later attempt may succeed, and its
     *     retryAfter when that attempt should be made (the service's {@code Retry-After}, the time
     *     until the open circuit breaker lets calls through, a short wait for a full bulkhead)
     */
    public DeletionResult delete(ServiceEndpoint service, UUID tenantId, UUID jobId, Runnable beforeEachCall) {
        CheckedSupplier<DeletionResult> call = () -> {
            beforeEachCall.run();
            return deleteOnce(service, tenantId, jobId);
        };
        try {
            return invoke(resilience.withRetry(service.name(), call));
        } catch (CallNotPermittedException ex) {
            Duration wait = resilience.untilCallsPermitted(service.name());
            throw new PostponedCallException(
                    service.name(), "circuit breaker open; calls are let through again in " + wait, wait, ex);
        } catch (BulkheadFullException ex) {
            Duration wait = resilience.whileBulkheadFull(service.name());
            throw new PostponedCallException(
                    service.name(), "bulkhead full: too many calls to the service in progress", wait, ex);
        }
    }

    /**
     * Asks the service what erasing the tenant would delete; one call, no retry.
     *
     * @throws ServiceCallException when the service did not answer with a preview
     * @throws CallNotPermittedException when the service's circuit breaker is open
     * @throws BulkheadFullException when the service's bulkhead is full
     */
    public DeletionPreview preview(ServiceEndpoint service, UUID tenantId) {
        return invoke(resilience.guarded(service.name(), () -> previewOnce(service, tenantId)));
    }

    private DeletionResult deleteOnce(ServiceEndpoint service, UUID tenantId, UUID jobId) {
        String token = tokens.issue(service.name(), ServiceTokenScopes.TENANT_DATA_DELETE, tenantId, jobId);
        Answer answer = withinCap(service, send(service, HttpMethod.DELETE, service.deletionUri(tenantId), token));
        if (answer.status() != HttpStatus.OK.value()) {
            throw failure(service.name(), answer);
        }
        DeletionResult result = read(answer.body(), DeletionResult.class);
        if (result == null || !result.success()) {
            throw new RejectedCallException(service.name(), "HTTP 200 without success: " + describe(answer.body()));
        }
        Map<String, Long> remaining = new LinkedHashMap<>(result.remainingCounts());
        remaining.values().removeIf(rows -> rows == 0);
        if (!remaining.isEmpty()) {
            throw new RejectedCallException(
                    service.name(), "answered success but rows of the tenant remain: " + remaining);
        }
        if (!result.verified()) {
            throw new RejectedCallException(service.name(), "answered success but did not verify the deletion");
        }
        return result;
    }

    private DeletionPreview previewOnce(ServiceEndpoint service, UUID tenantId) {
        String token = tokens.issue(service.name(), ServiceTokenScopes.TENANT_DATA_PREVIEW, tenantId, null);
        Answer answer = withinCap(service, send(service, HttpMethod.GET, service.previewUri(tenantId), token));
        if (answer.status() != HttpStatus.OK.value()) {
            throw failure(service.name(), answer);
        }
        DeletionPreview preview = read(answer.body(), DeletionPreview.class);
        if (preview == null) {
            throw new RejectedCallException(service.name(), "HTTP 200 without a preview: " + describe(answer.body()));
        }
        return preview;
    }

    /**
     * An answer of any status, its body read up to the cap.
     *
     * @param body the body, empty when it was larger than the cap
     * @param oversized whether the body was larger than the cap (and not read to its end)
     * @param retryAfter the {@code Retry-After} header, if any
     */
    private record Answer(
            int status,
            byte[] body,
            boolean oversized,
            @Nullable String retryAfter) {}

    private Answer send(ServiceEndpoint service, HttpMethod method, URI uri, String token) {
        try {
            return client(service)
                    .method(method)
                    .uri(uri)
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                    .accept(MediaType.APPLICATION_JSON)
                    .exchange((request, response) -> {
                        int status = response.getStatusCode().value();
                        String retryAfter = response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER);
                        if (response.getHeaders().getContentLength() > maxAnswerBytes) {
                            return new Answer(status, new byte[0], true, retryAfter);
                        }
                        // At most one byte more than the cap is read, so a larger answer is never buffered.
                        byte[] body;
                        try (InputStream in = response.getBody()) {
                            body = in.readNBytes(maxAnswerBytes + 1);
                        }
                        return body.length > maxAnswerBytes
                                ? new Answer(status, new byte[0], true, retryAfter)
                                : new Answer(status, body, false, retryAfter);
                    });
        } catch (ResourceAccessException ex) {
            throw ioFailure(service, ex.getCause() instanceof IOException io ? io : new IOException(ex));
        }
    }

    private Answer withinCap(ServiceEndpoint service, Answer answer) {
        if (answer.oversized()) {
            throw new RejectedCallException(service.name(), "answer larger than " + maxAnswerBytes + " bytes");
        }
        return answer;
    }

    private static RuntimeException ioFailure(ServiceEndpoint service, IOException ex) {
        if (ex.getCause() instanceof InterruptedException interrupted) {
            return new CallInterruptedException(interrupted);
        }
        if (ex instanceof HttpConnectTimeoutException) {
            return new RetryableCallException(
                    service.name(),
                    "no connection to " + service.baseUrl() + " within " + service.connectTimeout(),
                    ex);
        }
        if (ex instanceof ConnectException) {
            return new RetryableCallException(
                    service.name(), "I/O error: cannot connect to " + service.baseUrl() + messageOf(ex), ex);
        }
        if (ex instanceof HttpTimeoutException) {
            return new RetryableCallException(
                    service.name(), "no answer within " + service.readTimeout() + messageOf(ex), ex);
        }
        return new RetryableCallException(
                service.name(), "I/O error: " + ex.getClass().getSimpleName() + messageOf(ex), ex);
    }

    private RestClient client(ServiceEndpoint service) {
        return clients.computeIfAbsent(service.name(), name -> {
            HttpClient http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(service.connectTimeout())
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
            JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
            requests.setReadTimeout(service.readTimeout());
            return RestClient.builder().requestFactory(requests).build();
        });
    }

    /** What a failed answer (any status but 200) means; see the class comment. */
    private ServiceCallException failure(String service, Answer answer) {
        int status = answer.status();
        FailureBody body = read(answer.body(), FailureBody.class);
        String problem = "HTTP " + status + " " + reason(status) + detailOf(body);
        if (status == HttpStatus.TOO_MANY_REQUESTS.value() || status == HttpStatus.SERVICE_UNAVAILABLE.value()) {
            Optional<Duration> retryAfter = retryAfter(answer.retryAfter());
            if (retryAfter.isPresent()) {
                return new PostponedCallException(
                        service, problem + " (retry after " + retryAfter.get() + ")", retryAfter.get(), null);
            }
        }
        if (status == HttpStatus.INTERNAL_SERVER_ERROR.value()
                && body != null
                && body.remainingCounts().values().stream().anyMatch(rows -> rows != null && rows > 0)) {
            return new RetryableCallException(service, problem, ServiceCallException.Outcome.RESIDUE, null);
        }
        if (status >= 500
                || status == HttpStatus.REQUEST_TIMEOUT.value()
                || status == HttpStatus.TOO_MANY_REQUESTS.value()) {
            return new RetryableCallException(service, problem, null);
        }
        return new RejectedCallException(service, problem);
    }

    /**
     * What a failed answer says went wrong: a deletion's {@code errors} and {@code remaining_counts}
     * (a 500 carries the {@link DeletionResult}) or a problem's {@code detail}.
     */
    private record FailureBody(
            List<String> errors,
            @Nullable String detail,
            @JsonProperty("remaining_counts") Map<String, Long> remainingCounts) {}

    private static String detailOf(@Nullable FailureBody failure) {
        if (failure == null) {
            return "";
        }
        if (!failure.errors().isEmpty()) {
            return ": " + String.join("; ", failure.errors());
        }
        return failure.detail() != null ? ": " + failure.detail() : "";
    }

    /**
     * A {@code Retry-After} as a wait from now: delay-seconds or an HTTP date (RFC 9110 10.2.3);
     * empty when absent or not readable. A date in the past is no wait.
     */
    static Optional<Duration> retryAfter(@Nullable String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.trim();
        if (value.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
            } catch (NumberFormatException tooLong) {
                return Optional.empty();
            }
        }
        try {
            Instant until = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
            Duration wait = Duration.between(Instant.now(), until);
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException ex) {
            return Optional.empty();
        }
    }

    private static String reason(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known != null ? known.getReasonPhrase() : "";
    }

    /** The answer as compact JSON, cut short, for an error message. */
    private String describe(byte[] body) {
        String text;
        try {
            text = body.length == 0 ? "" : answers.readTree(body).toString();
        } catch (IOException ex) {
            text = "";
        }
        return text.length() > DESCRIBED_BODY_LENGTH ? text.substring(0, DESCRIBED_BODY_LENGTH) + "..." : text;
    }

    private static String messageOf(Throwable ex) {
        return ex.getMessage() != null ? " (" + ex.getMessage() + ")" : "";
    }

    private <T> @Nullable T read(byte[] body, Class<T> type) {
        if (body.length == 0) {
            return null;
        }
        try {
            return answers.readValue(body, type);
        } catch (IOException ex) {
            return null;
        }
    }

    /**
     * The application's mapper, but tolerant as a reader of other services should be: unknown
     * properties are skipped, and absent or null maps and lists read as empty.
     */
    private static ObjectMapper lenient(ObjectMapper objectMapper) {
        ObjectMapper lenient = objectMapper.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        lenient.configOverride(Map.class).setSetterInfo(JsonSetter.Value.forValueNulls(Nulls.AS_EMPTY));
        lenient.configOverride(List.class).setSetterInfo(JsonSetter.Value.forValueNulls(Nulls.AS_EMPTY));
        return lenient;
    }

    private static <T> T invoke(CheckedSupplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException ex) {
            throw ex;
        } catch (Throwable ex) {
            throw new IllegalStateException("Unexpected failure of a service call", ex);
        }
    }
}
