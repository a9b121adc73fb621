package com.bakeryia.tenant.tenants;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** A user's current membership of a tenant. */
@Entity
@Table(name = "tenant_members")
@IdClass(TenantMember.Key.class)
public class TenantMember {

    @Id
    @Column(name = "tenant_id")
    private UUID tenantId;

    @Id
    private UUID userId;

    @Enumerated(EnumType.STRING)
    private MemberRole role;

    private Instant joinedAt;

    /** For JPA. */
    protected TenantMember() {
        this.tenantId = new UUID(0, 0);
        this.userId = new UUID(0, 0);
        this.role = MemberRole.MEMBER;
        this.joinedAt = Instant.EPOCH;
    }

    TenantMember(UUID tenantId, UUID userId, MemberRole role, Instant joinedAt) {
        this.tenantId = tenantId;
        this.userId = userId;
        this.role = role;
        this.joinedAt = joinedAt;
    }

    public UUID tenantId() {
        return tenantId;
    }

    public UUID userId() {
        return userId;
    }

    public MemberRole role() {
        return role;
    }

    public Instant joinedAt() {
        return joinedAt;
    }

    /** Changes the role; ownership moves only by transfer, so callers keep exactly one owner. */
    public void changeRole(MemberRole role) {
        this.role = role;
    }

    /** The composite key (tenant, user). */
    public record Key(UUID tenantId, UUID userId) implements Serializable {

        /** For JPA. */
        Key() {
            this(new UUID(0, 0), new UUID(0, 0));
        }
    }
}
