package com.bakeryia.orchestrator.client;

/**
 * A failure that a retry would only repeat: an answer 4xx (400, 401, 403 ...), or an answer that
 * claims success but is not verified or lists rows still present. Never retried, and not held
 * against the service's circuit breaker.
 */
public final class RejectedCallException extends ServiceCallException {

    RejectedCallException(String service, String problem) {
        super(service, problem, null);
    }
}
