package com.bakeryia.orchestrator.execution;

import com.bakeryia.orchestrator.store.JobsProperties;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When a step that failed in a way a later attempt may fix is called again: after its {@code n}-th
 * counted retry, {@code min(max-backoff, initial-backoff x 2^n) x (1 +- jitter)}; when the service
 * or the breaker said how long to wait, that long, at most {@code max-retry-after}.
 */
final class StepBackoff {

    private final JobsProperties.Retry retry;
    private final RandomGenerator random;

    StepBackoff(JobsProperties.Retry retry, RandomGenerator random) {
        this.retry = retry;
        this.random = random;
    }

    /** The wait before the next attempt of a step that has had {@code retries} counted retries. */
    Duration counted(int retries) {
        Duration max = retry.maxBackoff();
        Duration base = max;
        if (retries < Long.SIZE - 2) {
            long factor = 1L << retries;
            if (retry.initialBackoff().toNanos() <= max.toNanos() / factor) {
                base = retry.initialBackoff().multipliedBy(factor);
            }
        }
        double spread = retry.jitter() * (2 * random.nextDouble() - 1);
        return Duration.ofNanos(Math.round(base.toNanos() * (1 + spread)));
    }

    /** The wait the service or the breaker asked for, at most {@code max-retry-after}. */
    Duration requested(Duration retryAfter) {
        if (retryAfter.isNegative()) {
            return Duration.ZERO;
        }
        return retryAfter.compareTo(retry.maxRetryAfter()) > 0 ? retry.maxRetryAfter() : retryAfter;
    }
}
