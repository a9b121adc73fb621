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
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The retry, circuit breaker and bulkhead of each service, named after it. Each comes from {@code
 * resilience4j.<kind>.instances.<service>} when configured, else from {@code
 * resilience4j.<kind>.configs.default}; all are created at start-up so their metrics exist before
 * the first call. It also knows how long a call refused by either must wait: until the open
 * breaker lets calls through again, or a short while for a full bulkhead.
 */
public final class ServiceResilience {

    private final RetryRegistry retries;
    private final CircuitBreakerRegistry circuitBreakers;
    private final BulkheadRegistry bulkheads;
    private final Map<String, Instant> openedAt = new ConcurrentHashMap<>();

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
            circuitBreakers.circuitBreaker(service.name()).getEventPublisher().onStateTransition(event -> {
                if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                    openedAt.put(service.name(), event.getCreationTime().toInstant());
                }
            });
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

    /**
     * How long a call the service's circuit breaker refused must wait: while it is OPEN, the rest of
     * its wait in the open state; in any other state that refuses calls (HALF_OPEN with its trial
     * calls taken, FORCED_OPEN), or when the opening was not seen, the whole wait. At least {@link
     * #SHORTEST_WAIT}.
     */
    Duration untilCallsPermitted(String service) {
        CircuitBreaker breaker = circuitBreakers.circuitBreaker(service);
        Duration openFor = Duration.ofMillis(breaker.getCircuitBreakerConfig()
                .getWaitIntervalFunctionInOpenState()
                .apply(1));
        Duration wait = openFor;
        Instant opened = openedAt.get(service);
        if (breaker.getState() == CircuitBreaker.State.OPEN && opened != null) {
            wait = openFor.minus(Duration.between(opened, Instant.now()));
        }
        return atLeastShortestWait(wait);
    }

    /** How long a call the service's full bulkhead refused waits: its {@code max-wait-duration}. */
    Duration whileBulkheadFull(String service) {
        return atLeastShortestWait(
                bulkheads.bulkhead(service).getBulkheadConfig().getMaxWaitDuration());
    }

    /** The shortest wait after a refused call, so that a step is not rescheduled in a tight loop. */
    static final Duration SHORTEST_WAIT = Duration.ofSeconds(1);

    private static Duration atLeastShortestWait(Duration wait) {
        return wait.compareTo(SHORTEST_WAIT) < 0 ? SHORTEST_WAIT : wait;
    }
}
