package com.bakeryia.orchestrator.job;

import com.bakeryia.orchestrator.store.AdminAction;
import com.bakeryia.orchestrator.store.AdminActionType;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An administrator's request on a job, as the API shows it (in the job's {@code pending_approvals}
 * and {@code approvals}, and as the answer to the request).
 *
 * @param status {@code PENDING} until a second administrator approved it, then {@code APPROVED}
 * @param notBefore for EXPEDITE, the earlier not_before asked for
 * @param links {@code approve}: where a second administrator POSTs the approval, while pending
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record AdminActionView(
        UUID requestId,
        UUID jobId,
        AdminActionType action,
        String status,
        String requestedBy,
        String reason,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Instant notBefore,
        Instant requestedAt,
        @Nullable String approvedBy,
        @Nullable Instant approvedAt,
        Links links) {

    static AdminActionView of(AdminAction action) {
        String job = DeletionJobView.JOBS_PATH + action.jobId();
        return new AdminActionView(
                action.requestId(),
                action.jobId(),
                action.action(),
                action.pending() ? "PENDING" : "APPROVED",
                action.requestedBy(),
                action.reason(),
                action.notBefore(),
                action.requestedAt(),
                action.approvedBy(),
                action.approvedAt(),
                new Links(job, action.pending() ? job + "/approvals/" + action.requestId() : null));
    }

    /** The job, and while pending where to approve. */
    record Links(String job, @Nullable String approve) {}
}
