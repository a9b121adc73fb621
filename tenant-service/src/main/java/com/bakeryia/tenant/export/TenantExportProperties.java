package com.bakeryia.tenant.export;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The owner's exports ({@code tenant.export.*}).
 *
 * @param linkValidity how long after its request an export can be downloaded (as often as wanted);
 *     afterwards it answers 404 and its record is purged
 * @param readTimeout the longest wait for the next bytes of the archive from the orchestrator (also
 *     for its first answer, which comes once every service has opened its snapshot)
 * @param maxPerTenant exports a tenant may hold that have not expired; one more is refused (429),
 *     so that a stolen owner token cannot keep the fleet busy exporting
 */
@ConfigurationProperties("tenant.export")
public record TenantExportProperties(
        @DefaultValue("P1D") Duration linkValidity,
        @DefaultValue("60s") Duration readTimeout,
        @DefaultValue("5") int maxPerTenant) {

    public TenantExportProperties {
        if (linkValidity.isNegative() || linkValidity.isZero()) {
            throw new IllegalArgumentException("tenant.export.link-validity must be positive: " + linkValidity);
        }
        if (readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("tenant.export.read-timeout must be positive: " + readTimeout);
        }
        if (maxPerTenant < 1) {
            throw new IllegalArgumentException("tenant.export.max-per-tenant must be at least 1: " + maxPerTenant);
        }
    }
}
