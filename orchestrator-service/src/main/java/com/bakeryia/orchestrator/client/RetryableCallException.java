package com.bakeryia.orchestrator.client;

import org.jspecify.annotations.Nullable;

/**
 * A failure that may pass in a moment: an answer 5xx or 408 or 429 (without {@code Retry-After}),
 * an I/O error or a timeout ({@link Outcome#RETRYABLE}), or a 500 whose {@code remaining_counts}
 * lists rows that survived the service's passes ({@link Outcome#RESIDUE}, which the job's step
 * fails with once the call's retries are used up). Retried at once with backoff within the call,
 * and recorded by the service's circuit breaker.
 */
public final class RetryableCallException extends ServiceCallException {

    RetryableCallException(String service, String problem, @Nullable Throwable cause) {
        this(service, problem, Outcome.RETRYABLE, cause);
    }

    RetryableCallException(String service, String problem, Outcome outcome, @Nullable Throwable cause) {
        super(service, problem, outcome, null, cause);
    }
}
