package com.bakeryia.orchestrator.client;

import org.jspecify.annotations.Nullable;

/**
 * A call to a service that did not succeed; the message names the service and what went wrong,
 * e.g. {@code orders-service: HTTP 503 Service Unavailable}.
 */
public abstract sealed class ServiceCallException extends RuntimeException
        permits RetryableCallException, RejectedCallException {

    private final String service;

    ServiceCallException(String service, String problem, @Nullable Throwable cause) {
        super(service + ": " + problem, cause);
        this.service = service;
    }

    /** The service that was called. */
    public String service() {
        return service;
    }
}
