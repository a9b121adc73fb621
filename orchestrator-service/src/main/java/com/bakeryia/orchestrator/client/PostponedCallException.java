package com.bakeryia.orchestrator.client;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A call that must wait a known time ({@link Outcome#RETRYABLE} with a {@link #retryAfter()}): the
 * service answered 429 or 503 with {@code Retry-After}, or this orchestrator's circuit breaker of
 * the service is open or its bulkhead full. Ends the call at once, without the call's own retries,
 * and is not held against the circuit breaker; the step is rescheduled after the wait, which does
 * not count toward its backoff.
 */
public final class PostponedCallException extends ServiceCallException {

    PostponedCallException(String service, String problem, Duration retryAfter, @Nullable Throwable cause) {
        super(service, problem, Outcome.RETRYABLE, retryAfter, cause);
    }
}
