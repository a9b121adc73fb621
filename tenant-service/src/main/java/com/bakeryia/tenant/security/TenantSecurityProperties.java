package com.bakeryia.tenant.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Security of tenant-service's own endpoints ({@code tenant.security.*}).
 *
 * @param maxAuthAge how long ago the user may have authenticated at the identity provider (the user
 *     token's {@code auth_time}) for the irreversible acts: the owner's deletion of a tenant and the
 *     user's own account cleanup (RFC 9470 step-up; older answers 401 {@code
 *     insufficient_user_authentication} with {@code max_age})
 */
@ConfigurationProperties("tenant.security")
public record TenantSecurityProperties(@DefaultValue("5m") Duration maxAuthAge) {

    /** Checks the values. */
    public TenantSecurityProperties {
        if (maxAuthAge.isNegative() || maxAuthAge.isZero()) {
            throw new IllegalArgumentException("tenant.security.max-auth-age must be positive, was " + maxAuthAge);
        }
    }
}
