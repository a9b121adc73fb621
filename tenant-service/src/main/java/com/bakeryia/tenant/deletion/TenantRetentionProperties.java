package com.bakeryia.tenant.deletion;

import java.time.Period;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long tenant-service keeps what it retains after an erasure ({@code tenant.retention.*}); the
 * owner's status record has its own {@code tenant.deletion.status-retention}, the purges' schedule is
 * the platform's {@code deletion.retention.purge-interval}.
 *
 * @param tombstones how long a tombstone ({@code tenant_tombstones}: tenant id, {@code deleted_at}, job
 *     id) is kept after the erasure, as proof of erasure (GDPR Art. 5(2))
 */
@ConfigurationProperties("tenant.retention")
public record TenantRetentionProperties(@DefaultValue("P3Y") Period tombstones) {

    public TenantRetentionProperties {
        if (tombstones.isNegative() || tombstones.isZero()) {
            throw new IllegalArgumentException("tenant.retention.tombstones must be positive: " + tombstones);
        }
    }
}
