package com.bakeryia.tenant.deletion;

import com.bakeryia.tenant.deletion.DeletionOutbox.OutboxEntry;
import com.bakeryia.tenant.tenants.Tenant;
import com.bakeryia.tenant.tenants.TenantStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Requests the erasure of tenants: the owner's DELETE and the deletion of the last member's account.
 * A request is never lost: it is written to the outbox in the transaction that marks the tenant
 * pending deletion, and delivered to the orchestrator after that transaction commits, now or by the
 * relay later.
 */
@Component
public class DeletionRequests {

    private final DeletionOutbox outbox;
    private final DeletionStatusRecords records;
    private final DeletionRequestRelay relay;
    private final TenantDeletionProperties properties;
    private final Clock clock;

    DeletionRequests(
            DeletionOutbox outbox,
            DeletionStatusRecords records,
            DeletionRequestRelay relay,
            TenantDeletionProperties properties,
            Clock clock) {
        this.outbox = outbox;
        this.records = records;
        this.relay = relay;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Marks the tenant pending deletion under a new job id and writes the request to the outbox; a
     * tenant already pending keeps its job, which is returned. Call it in the transaction that locked
     * the tenant, then {@link #deliver(DeletionRequest)} after that transaction committed.
     *
     * @param tenant the tenant, its row locked
     * @param requestedBy the owner's user id, or the service that asked
     * @param ownerId the owner, who may follow the erasure and read its outcome after the tenant is
     *     gone; null when nobody will (the last member's account is being deleted)
     * @param reason why, for the job's record
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public DeletionRequest request(Tenant tenant, String requestedBy, @Nullable UUID ownerId, String reason) {
        if (tenant.status() == TenantStatus.ACTIVE) {
            UUID jobId = UUID.randomUUID();
            // PostgreSQL keeps microseconds: the answer shows the instants as they are stored.
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            Instant notBefore = now.plus(properties.gracePeriod());
            tenant.markDeletionPending(jobId, now, notBefore);
            Instant relayAfter = now.plus(properties.connectTimeout()).plus(properties.readTimeout());
            outbox.add(new OutboxEntry(jobId, tenant.id(), requestedBy, reason, notBefore, 0), now, relayAfter);
            records.requested(jobId, tenant.id(), ownerId, requestedBy, now, notBefore);
        }
        return pending(tenant);
    }

    /**
     * Tries to create the request's job at the orchestrator now; if it cannot, the relay retries.
     *
     * @return the request, with the orchestrator's job when it already held another for the tenant
     */
    public DeletionRequest deliver(DeletionRequest request) {
        return relay.deliver(request.jobId()).map(request::withJob).orElse(request);
    }

    /** The pending deletion of a tenant that is {@link TenantStatus#DELETION_PENDING}. */
    public DeletionRequest pending(Tenant tenant) {
        UUID jobId = Objects.requireNonNull(tenant.deletionJobId(), "deletion job of a pending tenant");
        return new DeletionRequest(
                tenant.id(),
                jobId,
                TenantStatus.DELETION_PENDING.name(),
                TenantDeletionProperties.ownerStatusUrl(tenant.id()),
                Objects.requireNonNull(tenant.deletionRequestedAt(), "deletion request time"),
                Objects.requireNonNull(tenant.deletionNotBefore(), "deletion grace period end"));
    }
}
