package com.bakeryia.tenant.tenants;

/** Where a tenant is in its life. */
public enum TenantStatus {
    /** In use; members, settings and ownership can change. */
    ACTIVE,
    /** Its owner asked for its erasure: a deletion job exists (or is in the outbox) and writes are refused. */
    DELETION_PENDING
}
