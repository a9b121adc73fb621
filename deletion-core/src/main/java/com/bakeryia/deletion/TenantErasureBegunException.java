package com.bakeryia.deletion;

import java.time.Instant;
import java.util.UUID;

/**
 * An export was asked for a tenant whose erasure has begun (or is done) in this schema: the tenant
 * is fenced ({@link TenantErasureFence}), and what is left of its data is no longer its whole data.
 * Nothing was written.
 */
public final class TenantErasureBegunException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final UUID tenantId;
    private final String schema;
    private final Instant fencedAt;

    TenantErasureBegunException(UUID tenantId, String schema, Instant fencedAt) {
        super(
                "the erasure of tenant " + tenantId + " began in schema " + schema + " at " + fencedAt,
                null,
                false,
                false);
        this.tenantId = tenantId;
        this.schema = schema;
        this.fencedAt = fencedAt;
    }

    /** The tenant. */
    public UUID tenantId() {
        return tenantId;
    }

    /** The schema it is being erased from. */
    public String schema() {
        return schema;
    }

    /** When its erasure began (the fence's time). */
    public Instant fencedAt() {
        return fencedAt;
    }
}
