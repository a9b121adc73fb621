package com.bakeryia.tenant.tenants;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A user removed from a tenant, so that a still-valid token of theirs is answered 403 rather than
 * with the 404 of a tenant they never belonged to. Erased with the tenant and with the account.
 */
@Entity
@Table(name = "tenant_former_members")
@IdClass(TenantMember.Key.class)
public class FormerMember {

    @Id
    @Column(name = "tenant_id")
    private UUID tenantId;

    @Id
    private UUID userId;

    private Instant removedAt;

    /** For JPA. */
    protected FormerMember() {
        this.tenantId = new UUID(0, 0);
        this.userId = new UUID(0, 0);
        this.removedAt = Instant.EPOCH;
    }

    FormerMember(UUID tenantId, UUID userId, Instant removedAt) {
        this.tenantId = tenantId;
        this.userId = userId;
        this.removedAt = removedAt;
    }
}
