package com.bakeryia.orchestrator.client;

import org.jspecify.annotations.Nullable;

/**
 * A failure that may pass: an answer 5xx, an I/O error or a timeout. Retried with backoff and
 * recorded by the service's circuit breaker.
 */
public final class RetryableCallException extends ServiceCallException {

    RetryableCallException(String service, String problem, @Nullable Throwable cause) {
        super(service, problem, cause);
    }
}
