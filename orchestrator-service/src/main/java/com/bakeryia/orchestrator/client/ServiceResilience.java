package com.bakeryia.orchestrator.client;

import com.bakeryia.orchestrator.registry.ServiceEndpoint;
import com.bakeryia.orchestrator.registry.ServiceRegistry;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.functions.CheckedSupplier;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;

/**
 * The retry, circuit breaker and bulkhead of each service, named after it. Each comes from {@code
 * resilience4j.<kind>.instances.<service>} when configured, else from {@code
 * resilience4j.<kind>.configs.default}; all are created at start-up so their metrics exist before
 * the first call.
 */
public final class ServiceResilience {

    private final RetryRegistry retries;
    private final CircuitBreakerRegistry circuitBreakers;
    private final BulkheadRegistry bulkheads;

    ServiceResilience(
            ServiceRegistry registry,
            RetryRegistry retries,
            CircuitBreakerRegistry circuitBreakers,
            BulkheadRegistry bulkheads) {
        this.retries = retries;
        this.circuitBreakers = circuitBreakers;
        this.bulkheads = bulkheads;
        for (ServiceEndpoint service : registry.steps()) {
            retries.retry(service.name());
            circuitBreakers.circuitBreaker(service.name());
            bulkheads.bulkhead(service.name());
        }
    }

    /** The call with the service's bulkhead, inside its circuit breaker, inside its retry. */
    <T> CheckedSupplier<T> withRetry(String service, CheckedSupplier<T> call) {
        return Retry.decorateCheckedSupplier(retries.retry(service), guarded(service, call));
    }

    /** The call with the service's bulkhead inside its circuit breaker, tried once. */
    <T> CheckedSupplier<T> guarded(String service, CheckedSupplier<T> call) {
        return CircuitBreaker.decorateCheckedSupplier(
                circuitBreakers.circuitBreaker(service),
                Bulkhead.decorateCheckedSupplier(bulkheads.bulkhead(service), call));
    }
}
