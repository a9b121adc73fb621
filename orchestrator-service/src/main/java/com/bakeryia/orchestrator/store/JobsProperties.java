package com.bakeryia.orchestrator.store;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long jobs may take and how their steps are retried.
 *
 * @param deadline from when a job is due (its creation, or {@code not_before} when later) until it
 *     becomes FAILED with reason {@code deadline} unless COMPLETED; a retry by ops starts it anew.
 *     Inside GDPR's one month by default
 * @param retry the durable retries of a step whose call failed in a way a later attempt may fix
 */
@ConfigurationProperties("orchestrator.jobs")
public record JobsProperties(@DefaultValue("P25D") Duration deadline, @DefaultValue Retry retry) {

    public JobsProperties {
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("orchestrator.jobs.deadline must be positive, not " + deadline);
        }
    }

    /**
     * A step's durable retries: the {@code n}-th counted retry waits {@code min(max-backoff,
     * initial-backoff x 2^n) x (1 +- jitter)}; a wait the service or the breaker asked for
     * ({@code Retry-After}) is honoured up to {@code max-retry-after} and does not count.
     *
     * @param initialBackoff the wait before the first counted retry
     * @param maxBackoff the longest wait of a counted retry (before jitter)
     * @param jitter the random share, from 0 (none) to below 1, by which each wait varies either way
     * @param maxRetryAfter the longest {@code Retry-After} honoured
     */
    public record Retry(
            @DefaultValue("10s") Duration initialBackoff,
            @DefaultValue("15m") Duration maxBackoff,
            @DefaultValue("0.5") double jitter,
            @DefaultValue("1h") Duration maxRetryAfter) {

        public Retry {
            if (initialBackoff.isNegative() || initialBackoff.isZero()) {
                throw new IllegalArgumentException(
                        "orchestrator.jobs.retry.initial-backoff must be positive, not " + initialBackoff);
            }
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("orchestrator.jobs.retry.max-backoff (" + maxBackoff
                        + ") must not be shorter than initial-backoff (" + initialBackoff + ")");
            }
            if (!(jitter >= 0 && jitter < 1)) {
                throw new IllegalArgumentException(
                        "orchestrator.jobs.retry.jitter must be at least 0 and below 1, not " + jitter);
            }
            if (maxRetryAfter.isNegative() || maxRetryAfter.isZero()) {
                throw new IllegalArgumentException(
                        "orchestrator.jobs.retry.max-retry-after must be positive, not " + maxRetryAfter);
            }
        }
    }
}
