package com.bakeryia.orchestrator.store;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An administrator's request on a job, and its approval by a second administrator once given.
 *
 * @param requestId the id the approval names ({@code POST .../approvals/{requestId}})
 * @param requestedBy the requesting administrator's user id
 * @param reason why, in the requester's words (1 to 1000 characters)
 * @param notBefore for {@link AdminActionType#EXPEDITE}, the earlier not_before asked for
 * @param approvedBy the approving administrator's user id, never the requester; null while pending
 * @param approvedAt when it was approved and applied; null while pending
 */
public record AdminAction(
        UUID requestId,
        UUID jobId,
        AdminActionType action,
        String requestedBy,
        String reason,
        @Nullable Instant notBefore,
        Instant requestedAt,
        @Nullable String approvedBy,
        @Nullable Instant approvedAt) {

    /** Whether it still waits for a second administrator. */
    public boolean pending() {
        return approvedAt == null;
    }
}
