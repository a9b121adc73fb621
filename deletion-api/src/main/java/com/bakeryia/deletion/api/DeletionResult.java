package com.bakeryia.deletion.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The outcome of erasing a tenant in one service.
 *
 * @param tenantId the tenant
 * @param serviceName the service
 * @param success whether every row and external item of the tenant is gone and nothing failed
 * @param deletedCounts rows deleted per erased table, in deletion order (zero included)
 * @param errors what went wrong, each naming the table, item or cause; empty on success
 * @param verified whether a re-count after deleting found nothing of the tenant left
 * @param durationMs wall time of the run
 * @param remainingCounts rows still present per table after the last pass (only tables with rows)
 * @param externalDeleted data outside Postgres removed, per place
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DeletionResult(
        UUID tenantId,
        String serviceName,
        boolean success,
        Map<String, Long> deletedCounts,
        List<String> errors,
        boolean verified,
        long durationMs,
        Map<String, Long> remainingCounts,
        Map<String, ExternalDataUsage> externalDeleted) {

    public DeletionResult {
        deletedCounts = Collections.unmodifiableMap(new LinkedHashMap<>(deletedCounts));
        errors = List.copyOf(errors);
        remainingCounts = Collections.unmodifiableMap(new LinkedHashMap<>(remainingCounts));
        externalDeleted = Collections.unmodifiableMap(new LinkedHashMap<>(externalDeleted));
    }

    /** Rows deleted in all tables. */
    public long totalDeleted() {
        return deletedCounts.values().stream().mapToLong(Long::longValue).sum();
    }
}
