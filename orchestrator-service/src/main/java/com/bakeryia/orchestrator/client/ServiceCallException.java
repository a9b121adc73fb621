package com.bakeryia.orchestrator.client;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A call to a service that did not succeed; the message names the service and what went wrong,
 * e.g. {@code orders-service: HTTP 503 Service Unavailable}.
 */
public abstract sealed class ServiceCallException extends RuntimeException
        permits RetryableCallException, RejectedCallException {

    /** What the failure means for the step. */
    public enum Outcome {
        /** A later attempt may succeed (5xx, 408, 429, I/O error, timeout, open breaker, full bulkhead). */
        RETRYABLE,
        /** A retry would only repeat it (a 4xx other than 408 and 429, an unverified answer). */
        REJECTED,
        /** Rows of the tenant survived every pass of the service. */
        RESIDUE
    }

    private final String service;
    private final @Nullable Outcome outcome;
    private final @Nullable Duration retryAfter;

    /** A {@link RejectedCallException} is {@link Outcome#REJECTED}, a {@link RetryableCallException} {@link Outcome#RETRYABLE}. */
    ServiceCallException(String service, String problem, @Nullable Throwable cause) {
        super(service + ": " + problem, cause);
        this.service = service;
        this.outcome = null;
        this.retryAfter = null;
    }

    ServiceCallException(String message, Outcome outcome, @Nullable Duration retryAfter, @Nullable Throwable cause) {
        super(message, cause);
        int colon = message.indexOf(':');
        this.service = colon > 0 ? message.substring(0, colon) : message;
        this.outcome = outcome;
        this.retryAfter = retryAfter;
    }

    /** The service that was called. */
    public String service() {
        return service;
    }

    /** What the failure means for the step. */
    public Outcome outcome() {
        if (outcome != null) {
            return outcome;
        }
        return this instanceof RejectedCallException ? Outcome.REJECTED : Outcome.RETRYABLE;
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
