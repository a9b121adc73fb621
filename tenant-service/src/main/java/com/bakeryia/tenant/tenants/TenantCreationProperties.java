package com.bakeryia.tenant.tenants;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Creating tenants ({@code tenant.creation.*}).
 *
 * @param rateLimit how many tenants one user may create, per instance of tenant-service
 */
@ConfigurationProperties("tenant.creation")
public record TenantCreationProperties(@DefaultValue RateLimit rateLimit) {

    /**
     * The per-user limit of {@code POST /api/v1/tenants} ({@code tenant.creation.rate-limit.*}); a
     * request beyond it gets 429 {@code too-many-requests} with {@code Retry-After}.
     *
     * @param limit tenants one user may create per refresh period
     * @param refreshPeriod the period after which a user's allowance is whole again
     * @param maxUsers users whose allowance is kept in memory at most; beyond it the least recently
     *     seen user's is forgotten (a user not seen for a whole refresh period is forgotten anyway,
     *     their allowance being whole again), so a flood of user ids cannot grow memory without limit
     */
    public record RateLimit(
            @DefaultValue("10") int limit,
            @DefaultValue("1h") Duration refreshPeriod,
            @DefaultValue("100000") long maxUsers) {

        /** Checks the values. */
        public RateLimit {
            if (limit < 1) {
                throw new IllegalArgumentException("tenant.creation.rate-limit.limit must be at least 1, was " + limit);
            }
            if (refreshPeriod.isNegative() || refreshPeriod.isZero()) {
                throw new IllegalArgumentException(
                        "tenant.creation.rate-limit.refresh-period must be positive, was " + refreshPeriod);
            }
            if (maxUsers < 1) {
                throw new IllegalArgumentException(
                        "tenant.creation.rate-limit.max-users must be at least 1, was " + maxUsers);
            }
        }
    }
}
