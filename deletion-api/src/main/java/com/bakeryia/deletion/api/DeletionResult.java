package com.bakeryia.deletion.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of erasing a tenant in one service.
 *
 * @param tenantId the tenant
 * @param jobId the job the cumulative counts belong to (the token's {@code job_id}); null for a
 *     run without a job, whose counts are then this run's
 * @param serviceName the service
 * @param success whether every row and external item of the tenant is gone and nothing failed
 * @param deletedCounts rows this job deleted per erased table over all its runs (the service's
 *     erasure ledger), in deletion order (zero included)
 * @param runDeletedCounts rows this run deleted per erased table, same order
 * @param errors what went wrong, each naming the table, item or cause; empty on success
 * @param verified whether a re-count after deleting found nothing of the tenant left
 * @param durationMs wall time of the run
 * @param remainingCounts rows still present per table after the last pass (only tables with rows)
 * @param externalDeleted data outside Postgres removed, per place
 * @param erasedBefore set when another, earlier job had already fenced the tenant before this
 *     job's first run: its rows were absent before this job
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DeletionResult(
        UUID tenantId,
        @Nullable UUID jobId,
        String serviceName,
        boolean success,
        Map<String, Long> deletedCounts,
        Map<String, Long> runDeletedCounts,
        List<String> errors,
        boolean verified,
        long durationMs,
        Map<String, Long> remainingCounts,
        Map<String, ExternalDataUsage> externalDeleted,
        @Nullable ErasedBefore erasedBefore) {

    public DeletionResult {
        deletedCounts = Collections.unmodifiableMap(new LinkedHashMap<>(deletedCounts));
        runDeletedCounts = Collections.unmodifiableMap(new LinkedHashMap<>(runDeletedCounts));
        errors = List.copyOf(errors);
        remainingCounts = Collections.unmodifiableMap(new LinkedHashMap<>(remainingCounts));
        externalDeleted = Collections.unmodifiableMap(new LinkedHashMap<>(externalDeleted));
    }

    /** Rows this job deleted in all tables, over all its runs. */
    public long totalDeleted() {
        return deletedCounts.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * The earlier job that had already erased (fenced) the tenant in this service.
     *
     * @param jobId that job (null when it ran without a job id)
     * @param fencedAt when it fenced the tenant
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ErasedBefore(@Nullable UUID jobId, Instant fencedAt) {}
}
