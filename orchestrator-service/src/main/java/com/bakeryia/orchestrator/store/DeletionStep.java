package com.bakeryia.orchestrator.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One service's part of a job.
 *
 * @param serviceName the service ({@code orders-service})
 * @param finalStep whether it runs last, after every other step succeeded
 * @param attempts HTTP calls made for it, over every run of the job
 * @param deletedCounts rows deleted per table, as the service reported
 * @param errors what went wrong, one entry per failed run
 * @param verified whether the service verified that no row of the tenant remains
 * @param durationMs how long its last run took
 */
public record DeletionStep(
        String serviceName,
        boolean finalStep,
        StepStatus status,
        int attempts,
        Map<String, Long> deletedCounts,
        List<String> errors,
        boolean verified,
        @Nullable Instant startedAt,
        @Nullable Instant finishedAt,
        @Nullable Long durationMs) {

    /** Rows deleted over all tables. */
    public long totalDeleted() {
        return deletedCounts.values().stream().mapToLong(Long::longValue).sum();
    }
}
