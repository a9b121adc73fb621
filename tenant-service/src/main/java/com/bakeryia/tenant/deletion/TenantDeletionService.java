package com.bakeryia.tenant.deletion;

import com.bakeryia.fleet.web.FleetProblem;
import com.bakeryia.fleet.web.FleetProblemException;
import com.bakeryia.tenant.deletion.OrchestratorClient.CancelOutcome;
import com.bakeryia.tenant.deletion.OrchestratorClient.OrchestratorCallException;
import com.bakeryia.tenant.tenants.MemberRole;
import com.bakeryia.tenant.tenants.Membership;
import com.bakeryia.tenant.tenants.Tenant;
import com.bakeryia.tenant.tenants.TenantAccess;
import com.bakeryia.tenant.tenants.TenantStatus;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** The owner's request to erase the tenant, and its cancellation within the grace period. */
@Service
class TenantDeletionService {

    private static final Logger log = LoggerFactory.getLogger(TenantDeletionService.class);
    private static final String OWNER_REQUEST = "requested by the owner";

    private final TenantAccess access;
    private final DeletionRequests requests;
    private final DeletionOutbox outbox;
    private final OrchestratorClient orchestrator;
    private final TransactionTemplate transactions;
    private final Clock clock;

    TenantDeletionService(
            TenantAccess access,
            DeletionRequests requests,
            DeletionOutbox outbox,
            OrchestratorClient orchestrator,
            TransactionTemplate transactions,
            Clock clock) {
        this.access = access;
        this.requests = requests;
        this.outbox = outbox;
        this.orchestrator = orchestrator;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Marks the tenant pending deletion and creates its job (now, or later through the outbox); a
     * tenant already pending answers with its job. Owner only.
     */
    DeletionRequest requestDeletion(UUID tenantId, UUID callerId) {
        DeletionRequest request = Objects.requireNonNull(transactions.execute(status -> {
            Membership caller = access.memberForUpdate(tenantId, callerId);
            caller.requireRole("Deleting the tenant", MemberRole.OWNER);
            return requests.request(caller.tenant(), callerId.toString(), OWNER_REQUEST);
        }));
        return requests.deliver(request);
    }

    /**
     * Cancels the tenant's pending deletion while its job has not started and the grace period
     * lasts; the tenant is ACTIVE again. A request the orchestrator does not have yet is dropped from
     * the outbox; otherwise the orchestrator cancels the job (it refuses once the job started). Owner
     * only. The outbox rows are locked before the tenant, the order the relay takes them in.
     */
    CancelledDeletion cancel(UUID tenantId, UUID callerId) {
        return Objects.requireNonNull(transactions.execute(status -> {
            List<UUID> undelivered = outbox.lockUndelivered(tenantId);
            Membership caller = access.memberForUpdate(tenantId, callerId);
            caller.requireRole("Cancelling the deletion", MemberRole.OWNER);
            Tenant tenant = caller.tenant();
            UUID jobId = tenant.deletionJobId();
            Instant notBefore = tenant.deletionNotBefore();
            if (!tenant.isDeletionPending() || jobId == null || notBefore == null) {
                throw new FleetProblemException(
                        FleetProblem.NO_DELETION_PENDING, "Tenant " + tenantId + " has no deletion pending");
            }
            if (!clock.instant().isBefore(notBefore)) {
                throw new FleetProblemException(
                        FleetProblem.DELETION_NOT_CANCELLABLE,
                        "The grace period of deletion job " + jobId + " ended at " + notBefore);
            }
            if (undelivered.isEmpty()) {
                cancelAtOrchestrator(jobId, tenantId);
            } else {
                outbox.deleteUndelivered(tenantId);
            }
            tenant.markActive();
            log.info("Deletion job {} of tenant {} cancelled by its owner {}", jobId, tenantId, callerId);
            return new CancelledDeletion(tenantId, TenantStatus.ACTIVE, jobId);
        }));
    }

    private void cancelAtOrchestrator(UUID jobId, UUID tenantId) {
        CancelOutcome outcome;
        try {
            outcome = orchestrator.cancelJob(jobId, tenantId);
        } catch (OrchestratorCallException e) {
            throw new FleetProblemException(
                    FleetProblem.ORCHESTRATOR_UNAVAILABLE,
                    "Deletion job " + jobId + " could not be cancelled now, try again: " + e.getMessage());
        }
        if (outcome == CancelOutcome.ALREADY_STARTED) {
            throw new FleetProblemException(
                    FleetProblem.DELETION_NOT_CANCELLABLE,
                    "Deletion job " + jobId + " has already started and can no longer be cancelled");
        }
        if (outcome == CancelOutcome.UNKNOWN_JOB) {
            log.warn("The orchestrator does not know deletion job {} of tenant {}; cancelled here", jobId, tenantId);
        }
    }

    /**
     * The answer to a cancel.
     *
     * @param tenantId the tenant
     * @param status {@code ACTIVE}
     * @param cancelledJobId the job that will not run
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record CancelledDeletion(UUID tenantId, TenantStatus status, UUID cancelledJobId) {}
}
