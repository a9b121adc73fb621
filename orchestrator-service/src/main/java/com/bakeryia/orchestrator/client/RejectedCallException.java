package com.bakeryia.orchestrator.client;

/**
 * A failure that a retry would only repeat ({@link Outcome#REJECTED}): an answer 4xx (400, 401,
 * 403 ...) other than 408 and 429, an answer that claims success but is not verified or lists rows
 * still present, or an answer larger than {@code orchestrator.client.max-answer-size}. Never
 * retried, and not held against the service's circuit breaker.
 */
public final class RejectedCallException extends ServiceCallException {

    RejectedCallException(String service, String problem) {
        super(service, problem, Outcome.REJECTED, null, null);
    }
}
