package com.bakeryia.tenant.deletion;

import com.bakeryia.fleet.web.FleetProblem;
import com.bakeryia.fleet.web.FleetProblemException;
import com.bakeryia.tenant.deletion.DeletionOutbox.Undelivered;
import com.bakeryia.tenant.deletion.OrchestratorClient.CancelAnswer;
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
import org.jspecify.annotations.Nullable;
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
    private final DeletionStatusRecords records;
    private final PendingTenants tenants;
    private final OrchestratorClient orchestrator;
    private final TransactionTemplate transactions;
    private final TenantDeletionProperties properties;
    private final Clock clock;

    TenantDeletionService(
            TenantAccess access,
            DeletionRequests requests,
            DeletionOutbox outbox,
            DeletionStatusRecords records,
            PendingTenants tenants,
            OrchestratorClient orchestrator,
            TransactionTemplate transactions,
            TenantDeletionProperties properties,
            Clock clock) {
        this.access = access;
        this.requests = requests;
        this.outbox = outbox;
        this.records = records;
        this.tenants = tenants;
        this.orchestrator = orchestrator;
        this.transactions = transactions;
        this.properties = properties;
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
            return requests.request(caller.tenant(), callerId.toString(), callerId, OWNER_REQUEST);
        }));
        return requests.deliver(request);
    }

    /**
     * Cancels the tenant's pending deletion while its job has not started and the grace period
     * lasts; the tenant is ACTIVE again. The owner or an admin.
     *
     * <p>No transaction is open while the orchestrator is called, so that a slow or lost answer
     * holds no lock and leaves nothing half done here: (1) a short transaction reads and authorizes
     * (the tenant's undelivered outbox rows locked before the tenant row, the relay's order). A
     * request the orchestrator surely never got is dropped there and then, and the tenant is ACTIVE;
     * one that is being delivered right now answers 503 (try again in a moment); one the
     * orchestrator may have got is claimed, like a delivery, so the relay leaves it alone. (2) The
     * orchestrator cancels the job, with no transaction open. (3) A new short transaction applies
     * its answer: CANCELLED, or no such job (404: the request never arrived), makes the tenant
     * ACTIVE if it is still pending under that job; 409 (a step has started: the point of no return)
     * is 409 {@code deletion-not-cancellable}; no answer (timeout, 5xx, I/O) is 503 {@code
     * orchestrator-unavailable} with the tenant still pending, and the {@link DeletionReconciler}
     * makes it ACTIVE once it reads the job CANCELLED.
     */
    CancelledDeletion cancel(UUID tenantId, UUID callerId) {
        CancelPlan plan = Objects.requireNonNull(transactions.execute(status -> planCancel(tenantId, callerId)));
        if (plan.done()) {
            log.info(
                    "Deletion job {} of tenant {} cancelled by {} (owner or admin) before it reached the orchestrator",
                    plan.jobId(),
                    tenantId,
                    callerId);
            return new CancelledDeletion(tenantId, TenantStatus.ACTIVE, plan.jobId());
        }
        CancelAnswer answer;
        try {
            answer = orchestrator.cancelJob(plan.jobId(), tenantId);
        } catch (OrchestratorCallException e) {
            UUID claim = plan.claimId();
            if (claim != null) {
                outbox.releaseClaim(tenantId, claim);
            }
            // The call's error names the orchestrator's URL: the log has it, the caller does not.
            log.warn("Cancel of deletion job {} of tenant {} failed: {}", plan.jobId(), tenantId, e.getMessage());
            throw new FleetProblemException(
                    FleetProblem.ORCHESTRATOR_UNAVAILABLE,
                    "Deletion job " + plan.jobId() + " could not be cancelled now, try again (the tenant stays"
                            + " DELETION_PENDING; if the orchestrator did cancel the job, the tenant becomes ACTIVE"
                            + " once tenant-service reads the job)");
        }
        boolean cancelled =
                Boolean.TRUE.equals(transactions.execute(status -> applyCancel(tenantId, callerId, plan, answer)));
        if (!cancelled) {
            throw new FleetProblemException(
                    FleetProblem.DELETION_NOT_CANCELLABLE,
                    "Deletion job " + plan.jobId() + " can no longer be cancelled: its erasure has begun and cannot"
                            + " be stopped; the job will be finished"
                            + (answer.detail() == null ? "" : " (orchestrator: " + answer.detail() + ")"));
        }
        return new CancelledDeletion(tenantId, TenantStatus.ACTIVE, plan.jobId());
    }

    private CancelPlan planCancel(UUID tenantId, UUID callerId) {
        List<Undelivered> undelivered = outbox.lockUndelivered(tenantId);
        Membership caller = access.memberForUpdate(tenantId, callerId);
        caller.requireRole("Cancelling the deletion", MemberRole.OWNER, MemberRole.ADMIN);
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
            return new CancelPlan(jobId, false, null);
        }
        if (undelivered.stream().anyMatch(Undelivered::inFlight)) {
            throw new FleetProblemException(
                    FleetProblem.ORCHESTRATOR_UNAVAILABLE,
                    "Deletion job " + jobId + " is being delivered to the orchestrator right now; try again in a"
                            + " few seconds");
        }
        if (undelivered.stream().noneMatch(Undelivered::possiblyDelivered)) {
            outbox.deleteUndelivered(tenantId);
            tenant.markActive();
            records.cancelled(tenantId, jobId, clock.instant());
            return new CancelPlan(jobId, true, null);
        }
        return new CancelPlan(jobId, false, outbox.claimUndeliveredOf(tenantId, properties.deliveryLease()));
    }

    /**
     * Applies the orchestrator's answer (the third step of a cancel).
     *
     * @return whether the job is cancelled; false past the point of no return
     */
    private boolean applyCancel(UUID tenantId, UUID callerId, CancelPlan plan, CancelAnswer answer) {
        UUID jobId = plan.jobId();
        UUID claim = plan.claimId();
        outbox.lockUndelivered(tenantId);
        boolean pending = tenants.lockPendingUnder(tenantId, jobId);
        switch (answer.outcome()) {
            case CANCELLED -> {
                if (claim != null) {
                    outbox.markClaimedDelivered(tenantId, claim, clock.instant());
                }
            }
            case UNKNOWN_JOB -> {
                log.warn(
                        "The orchestrator does not know deletion job {} of tenant {}; cancelled here", jobId, tenantId);
                if (claim != null) {
                    outbox.deleteClaimed(tenantId, claim);
                }
            }
            case ALREADY_STARTED -> {
                if (claim != null) {
                    outbox.markClaimedDelivered(tenantId, claim, clock.instant());
                }
                log.info("Deletion job {} of tenant {} is past the point of no return; not cancelled", jobId, tenantId);
                return false;
            }
        }
        if (pending) {
            tenants.markActive(tenantId, jobId);
            log.info("Deletion job {} of tenant {} cancelled by {} (owner or admin)", jobId, tenantId, callerId);
        } else {
            log.info(
                    "Deletion job {} of tenant {} cancelled by {} (owner or admin); the tenant was no longer pending under it",
                    jobId,
                    tenantId,
                    callerId);
        }
        return true;
    }

    /**
     * What the first transaction of a cancel decided.
     *
     * @param jobId the job to cancel
     * @param done cancelled here already: the orchestrator never had the request
     * @param claimId the cancel's claim on the tenant's undelivered requests, which the orchestrator
     *     may have; null when there are none
     */
    private record CancelPlan(
            UUID jobId, boolean done, @Nullable UUID claimId) {}

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
