package com.bakeryia.fleet.retention;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The schedule of the retention purges (the periods themselves belong to the component that keeps
 * each record: {@code deletion.retention.fence}, {@code tenant.retention.tombstones}, ...).
 *
 * @param enabled whether the purges run on a schedule at all (a test may call the runner itself)
 * @param purgeInterval time between the end of one run of every purge and the start of the next
 * @param initialDelay time from start-up to the first run
 * @param batchSize records purged per batch (per transaction); a run loops batches until one is short
 */
@ConfigurationProperties("deletion.retention")
public record RetentionProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("PT1H") Duration purgeInterval,
        @DefaultValue("PT1M") Duration initialDelay,
        @DefaultValue("1000") int batchSize) {

    public RetentionProperties {
        if (!purgeInterval.isPositive()) {
            throw new IllegalArgumentException("deletion.retention.purge-interval must be positive: " + purgeInterval);
        }
        if (initialDelay.isNegative()) {
            throw new IllegalArgumentException("deletion.retention.initial-delay may not be negative: " + initialDelay);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("deletion.retention.batch-size must be at least 1: " + batchSize);
        }
    }
}
