package com.bakeryia.tenant.tenants;

import com.bakeryia.fleet.web.FleetProblem;
import com.bakeryia.fleet.web.FleetProblemException;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A tenant (a bakery). Its id column is {@code tenant_id}, as deletion-core's schema rule wants. */
@Entity
@Table(name = "tenants")
public class Tenant {

    @Id
    @Column(name = "tenant_id")
    private UUID id;

    private String name;

    @Enumerated(EnumType.STRING)
    private TenantStatus status;

    private UUID createdBy;

    private Instant createdAt;

    private @Nullable UUID deletionJobId;

    private @Nullable Instant deletionRequestedAt;

    private @Nullable Instant deletionNotBefore;

    private @Nullable String deletionJobStatus;

    private @Nullable Instant deletionCheckedAt;

    /** For JPA. */
    protected Tenant() {
        this.id = new UUID(0, 0);
        this.name = "";
        this.status = TenantStatus.ACTIVE;
        this.createdBy = new UUID(0, 0);
        this.createdAt = Instant.EPOCH;
    }

    Tenant(UUID id, String name, UUID createdBy, Instant createdAt) {
        this.id = id;
        this.name = name;
        this.status = TenantStatus.ACTIVE;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
    }

    public UUID id() {
        return id;
    }

    public String name() {
        return name;
    }

    public TenantStatus status() {
        return status;
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** The deletion job while {@link TenantStatus#DELETION_PENDING}. */
    public @Nullable UUID deletionJobId() {
        return deletionJobId;
    }

    /** When the deletion was requested, while pending. */
    public @Nullable Instant deletionRequestedAt() {
        return deletionRequestedAt;
    }

    /** The end of the grace period: the job does not start before, and the owner may cancel until then. */
    public @Nullable Instant deletionNotBefore() {
        return deletionNotBefore;
    }

    /**
     * The orchestrator's status of the deletion job as tenant-service last read it (the creation's
     * answer, then the reconciler's reads); null until the request was delivered.
     */
    public @Nullable String deletionJobStatus() {
        return deletionJobStatus;
    }

    /** When the reconciler last took the pending deletion up. */
    public @Nullable Instant deletionCheckedAt() {
        return deletionCheckedAt;
    }

    public boolean isDeletionPending() {
        return status == TenantStatus.DELETION_PENDING;
    }

    /**
     * Refuses a write while the tenant is being erased.
     *
     * @param what the refused change, for the detail
     */
    public void requireWritable(String what) {
        if (isDeletionPending()) {
            throw new FleetProblemException(
                    FleetProblem.TENANT_DELETION_PENDING,
                    "Tenant " + id + " is pending deletion (job " + deletionJobId + "): " + what + " is refused");
        }
    }

    /** Marks the tenant pending deletion under the given job. */
    public void markDeletionPending(UUID jobId, Instant requestedAt, Instant notBefore) {
        this.status = TenantStatus.DELETION_PENDING;
        this.deletionJobId = jobId;
        this.deletionRequestedAt = requestedAt;
        this.deletionNotBefore = notBefore;
        this.deletionJobStatus = null;
        this.deletionCheckedAt = null;
    }

    /** Returns a tenant whose deletion was cancelled to use. */
    public void markActive() {
        this.status = TenantStatus.ACTIVE;
        this.deletionJobId = null;
        this.deletionRequestedAt = null;
        this.deletionNotBefore = null;
        this.deletionJobStatus = null;
        this.deletionCheckedAt = null;
    }
}
