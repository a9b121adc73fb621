package com.bakeryia.orchestrator.client;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A call to a service that did not succeed; the message names the service and what went wrong,
 * e.g. {@code orders-service: HTTP 503 Service Unavailable}. Its {@link #outcome()} says what the
 * failure means for the step, and {@link #retryAfter()} how long to wait when the service (a
 * {@code Retry-After}) or the caller's own resilience (an open circuit breaker, a full bulkhead)
 * said so.
 */
public abstract sealed class ServiceCallException extends RuntimeException
        permits RetryableCallException, RejectedCallException, PostponedCallException {

    /** What the failure means for the step. */
    public enum Outcome {
        /** A later attempt may succeed (5xx, 408, 429, I/O error, timeout, open breaker, full bulkhead). */
        RETRYABLE,
        /** A retry would only repeat it (a 4xx other than 408 and 429, an unverified or oversized answer). */
        REJECTED,
        /** Rows of the tenant survived every pass of the service (a 500 listing {@code remaining_counts}). */
        RESIDUE
    }

    private final String service;
    private final Outcome outcome;
    private final @Nullable Duration retryAfter;

    /**
     * @param message {@code <service>: <problem>}
     * @param outcome what the failure means for the step
     * @param retryAfter how long to wait before the next call, when that is known
     * @param cause what failed
     */
    ServiceCallException(String message, Outcome outcome, @Nullable Duration retryAfter, @Nullable Throwable cause) {
        super(message, cause);
        int colon = message.indexOf(':');
        this.service = colon > 0 ? message.substring(0, colon) : message;
        this.outcome = outcome;
        this.retryAfter = retryAfter;
    }

    /** {@code <service>: <problem>}. */
    ServiceCallException(
            String service, String problem, Outcome outcome, @Nullable Duration retryAfter, @Nullable Throwable cause) {
        super(service + ": " + problem, cause);
        this.service = service;
        this.outcome = outcome;
        this.retryAfter = retryAfter;
    }

    /** The service that was called. */
    public String service() {
        return service;
    }

    /** What the failure means for the step. */
    public Outcome outcome() {
        return outcome;
    }

    /**
     * How long to wait before the next call, when the service or the caller's resilience said so
     * (a {@code Retry-After}, an open circuit breaker, a full bulkhead); such a wait does not count
     * toward the step's backoff.
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
