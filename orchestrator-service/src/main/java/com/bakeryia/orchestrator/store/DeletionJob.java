package com.bakeryia.orchestrator.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A request to erase one tenant from every service, and how far it got.
 *
 * @param requestedBy the user id or service that asked
 * @param notBefore no worker starts it earlier (grace period)
 * @param attempt how many times a worker claimed it
 * @param error the failed services and their errors, while FAILED
 * @param deadline when it becomes FAILED (reason deadline) unless COMPLETED
 * @param nextAttemptAt while RETRYING, when a worker takes it up again
 * @param retryingSince while RETRYING (and IN_PROGRESS after it), when its current run of retryable
 *     failures began
 * @param failureReason while FAILED, why
 * @param awaitingApproval created by an administrator and not yet approved by a second one: no
 *     worker claims it
 * @param steps one per service, the final step last
 * @param adminActions administrators' requests on the job, pending and approved, oldest first
 * @param legalHolds the legal holds on the tenant during the job's life (placed before it ended, not
 *     lifted before it was created), oldest first
 */
public record DeletionJob(
        UUID id,
        UUID tenantId,
        JobStatus status,
        String requestedBy,
        @Nullable String reason,
        Instant notBefore,
        Instant createdAt,
        @Nullable Instant startedAt,
        @Nullable Instant finishedAt,
        int attempt,
        @Nullable String error,
        Instant deadline,
        @Nullable Instant nextAttemptAt,
        @Nullable Instant retryingSince,
        @Nullable FailureReason failureReason,
        boolean awaitingApproval,
        List<DeletionStep> steps,
        List<AdminAction> adminActions,
        List<LegalHold> legalHolds) {

    private static final Set<JobStatus> ENDED = Set.of(JobStatus.COMPLETED, JobStatus.CANCELLED);

    /** Rows deleted over all services. */
    public long totalDeleted() {
        return steps.stream().mapToLong(DeletionStep::totalDeleted).sum();
    }

    /** The services whose step has ever started (called, or about to be): the point of no return. */
    public List<String> startedServices() {
        return steps.stream()
                .filter(step -> step.startedAt() != null)
                .map(DeletionStep::serviceName)
                .toList();
    }

    /** Whether a cancel would succeed now: PENDING or FAILED, and no step ever started. */
    public boolean cancellable() {
        return (status == JobStatus.PENDING || status == JobStatus.FAILED)
                && startedServices().isEmpty();
    }

    /** The administrators' requests that wait for a second administrator. */
    public List<AdminAction> pendingAdminActions() {
        return adminActions.stream().filter(AdminAction::pending).toList();
    }

    /** The administrators' requests that were approved and applied. */
    public List<AdminAction> approvedAdminActions() {
        return adminActions.stream().filter(action -> !action.pending()).toList();
    }

    /**
     * The active hold that keeps the job from starting a step, if any: none once the job ended
     * (a hold placed after it applies to the tenant's next job).
     */
    public Optional<LegalHold> activeLegalHold() {
        if (ENDED.contains(status)) {
            return Optional.empty();
        }
        return legalHolds.stream().filter(LegalHold::active).findFirst();
    }

    /** Whether a legal hold keeps the job from starting a step now. */
    public boolean onHold() {
        return activeLegalHold().isPresent();
    }

    DeletionJob withSteps(List<DeletionStep> steps, List<AdminAction> adminActions, List<LegalHold> tenantHolds) {
        List<LegalHold> duringJob = tenantHolds.stream()
                .filter(hold -> finishedAt == null || !hold.placedAt().isAfter(finishedAt))
                .filter(hold -> hold.liftedAt() == null || !hold.liftedAt().isBefore(createdAt))
                .toList();
        return new DeletionJob(
                id,
                tenantId,
                status,
                requestedBy,
                reason,
                notBefore,
                createdAt,
                startedAt,
                finishedAt,
                attempt,
                error,
                deadline,
                nextAttemptAt,
                retryingSince,
                failureReason,
                awaitingApproval,
                List.copyOf(steps),
                List.copyOf(adminActions),
                duringJob);
    }
}
