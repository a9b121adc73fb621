package com.bakeryia.orchestrator.client;

import java.util.Map;

/**
 * A service's verified answer to {@code DELETE /api/v1/{svc}/tenant/{tenantId}}.
 *
 * @param deletedCounts rows deleted per table, in the service's deletion order
 * @param durationMs how long the service took, by its own account
 */
public record DeletionAnswer(Map<String, Long> deletedCounts, long durationMs) {

    /** Rows deleted over all tables. */
    public long totalDeleted() {
        return deletedCounts.values().stream().mapToLong(Long::longValue).sum();
    }
}
