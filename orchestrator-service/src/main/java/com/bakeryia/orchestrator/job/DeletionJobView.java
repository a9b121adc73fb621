package com.bakeryia.orchestrator.job;

import com.bakeryia.deletion.api.DeletionResult.ErasedBefore;
import com.bakeryia.orchestrator.store.DeletionJob;
import com.bakeryia.orchestrator.store.DeletionStep;
import com.bakeryia.orchestrator.store.FailureReason;
import com.bakeryia.orchestrator.store.JobStatus;
import com.bakeryia.orchestrator.store.StepStatus;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The job JSON of the API (snake_case), as agreed with tenant-service (docs/contracts.md, "Job").
 *
 * @param deadline when the job becomes FAILED (reason deadline) unless COMPLETED
 * @param nextAttemptAt while RETRYING, when a worker takes it up again
 * @param retryingSince while RETRYING (and IN_PROGRESS after it), when its current run of
 *     retryable failures began
 * @param cancellable whether a cancel would succeed now
 * @param failureReason while FAILED, why
 * @param awaitingApproval created by an administrator and not yet approved by a second one: no
 *     worker starts it
 * @param pendingApprovals administrators' requests that wait for a second administrator
 * @param approvals administrators' requests that a second administrator approved (and that were
 *     applied)
 * @param onHold whether a legal hold on the tenant keeps the job from starting a step now
 * @param legalHold that hold, while it is active; null otherwise
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record DeletionJobView(
        UUID jobId,
        UUID tenantId,
        JobStatus status,
        String requestedBy,
        @Nullable String reason,
        Instant notBefore,
        Instant createdAt,
        @Nullable Instant startedAt,
        @Nullable Instant finishedAt,
        int attempt,
        Instant deadline,
        @Nullable Instant nextAttemptAt,
        @Nullable Instant retryingSince,
        boolean cancellable,
        @Nullable String error,
        @Nullable FailureReason failureReason,
        boolean awaitingApproval,
        List<AdminActionView> pendingApprovals,
        List<AdminActionView> approvals,
        boolean onHold,
        @Nullable LegalHoldView legalHold,
        List<StepView> steps,
        long totalDeleted,
        Links links) {

    static final String JOBS_PATH = "/api/v1/deletion-jobs/";

    static DeletionJobView of(DeletionJob job) {
        String self = JOBS_PATH + job.id();
        return new DeletionJobView(
                job.id(),
                job.tenantId(),
                job.status(),
                job.requestedBy(),
                job.reason(),
                job.notBefore(),
                job.createdAt(),
                job.startedAt(),
                job.finishedAt(),
                job.attempt(),
                job.deadline(),
                job.status() == JobStatus.RETRYING ? job.nextAttemptAt() : null,
                job.retryingSince(),
                job.cancellable(),
                job.error(),
                job.status() == JobStatus.FAILED ? job.failureReason() : null,
                job.awaitingApproval(),
                job.pendingAdminActions().stream().map(AdminActionView::of).toList(),
                job.approvedAdminActions().stream().map(AdminActionView::of).toList(),
                job.onHold(),
                job.activeLegalHold().map(LegalHoldView::of).orElse(null),
                job.steps().stream().map(StepView::of).toList(),
                job.totalDeleted(),
                new Links(self, job.status() == JobStatus.COMPLETED ? self + "/receipt" : null));
    }

    /**
     * One step.
     *
     * @param attempts HTTP calls over all runs
     * @param retries scheduled retries that count toward the backoff
     * @param deletedCounts the service's cumulative counts for the job, in its deletion order
     * @param errors one entry per failed run
     * @param nextAttemptAt while RETRYING, when it is called again
     * @param erasedBefore the earlier job that had already erased the tenant in the service
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record StepView(
            String serviceName,
            StepStatus status,
            int attempts,
            int retries,
            Map<String, Long> deletedCounts,
            List<String> errors,
            @Nullable String lastError,
            @Nullable Instant nextAttemptAt,
            @Nullable ErasedBefore erasedBefore,
            boolean verified,
            @Nullable Instant startedAt,
            @Nullable Instant finishedAt,
            @Nullable Long durationMs) {

        static StepView of(DeletionStep step) {
            return new StepView(
                    step.serviceName(),
                    step.status(),
                    step.attempts(),
                    step.retries(),
                    step.deletedCounts(),
                    step.errors(),
                    step.lastError(),
                    step.status() == StepStatus.RETRYING ? step.nextAttemptAt() : null,
                    step.erasedBefore(),
                    step.verified(),
                    step.startedAt(),
                    step.finishedAt(),
                    step.durationMs());
        }
    }

    /** Where the job and, once COMPLETED, its receipt are. */
    record Links(String self, @Nullable String receipt) {}
}
