package com.bakeryia.orchestrator.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A request to erase one tenant from every service, and how far it got.
 *
 * @param requestedBy the user id or service that asked
 * @param notBefore no worker starts it earlier (grace period)
 * @param attempt how many times a worker claimed it
 * @param error the failed services and their errors, while FAILED
 * @param steps one per service, the final step last
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
        List<DeletionStep> steps) {

    /** Rows deleted over all services. */
    public long totalDeleted() {
        return steps.stream().mapToLong(DeletionStep::totalDeleted).sum();
    }
}
