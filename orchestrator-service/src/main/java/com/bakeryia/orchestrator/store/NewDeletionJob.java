package com.bakeryia.orchestrator.store;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What {@code PUT /api/v1/deletion-jobs/{jobId}} asks for.
 *
 * @param notBefore no worker starts it earlier; null for now (PostgreSQL's)
 * @param caller who sent the request (a user id or a service name), for the audit trail
 * @param awaitingApproval an administrator's request: no worker claims the job until a second
 *     administrator approves it
 */
public record NewDeletionJob(
        UUID id,
        UUID tenantId,
        String requestedBy,
        @Nullable String reason,
        @Nullable Instant notBefore,
        String caller,
        boolean awaitingApproval) {

    /** The owner's request (tenant-service): due at its not_before, no approval needed. */
    public NewDeletionJob(
            UUID id,
            UUID tenantId,
            String requestedBy,
            @Nullable String reason,
            @Nullable Instant notBefore,
            String caller) {
        this(id, tenantId, requestedBy, reason, notBefore, caller, false);
    }
}
