package com.bakeryia.orchestrator.store;

import com.bakeryia.deletion.api.DeletionResult.ErasedBefore;
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
 * @param retries scheduled retries that count toward the backoff
 * @param deletedCounts rows this job deleted per table over all its runs, as the service's ledger
 *     answered (the service's order)
 * @param errors what went wrong, one entry per failed run
 * @param lastError the latest of them
 * @param nextAttemptAt while RETRYING, when it is called again
 * @param erasedBefore the earlier job that had already erased the tenant in the service, if any
 * @param failureReason while FAILED, why
 * @param verified whether the service verified that no row of the tenant remains
 * @param durationMs how long its last run took
 */
public record DeletionStep(
        String serviceName,
        boolean finalStep,
        StepStatus status,
        int attempts,
        int retries,
        Map<String, Long> deletedCounts,
        List<String> errors,
        @Nullable String lastError,
        @Nullable Instant nextAttemptAt,
        @Nullable ErasedBefore erasedBefore,
        @Nullable FailureReason failureReason,
        boolean verified,
        @Nullable Instant startedAt,
        @Nullable Instant finishedAt,
        @Nullable Long durationMs) {

    /** Rows deleted over all tables. */
    public long totalDeleted() {
        return deletedCounts.values().stream().mapToLong(Long::longValue).sum();
    }
}
