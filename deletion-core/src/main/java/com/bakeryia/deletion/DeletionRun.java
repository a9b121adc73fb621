package com.bakeryia.deletion;

import com.bakeryia.deletion.api.DeletionResult;
import com.bakeryia.deletion.api.ExternalDataUsage;
import com.bakeryia.fleet.web.CanonicalUuidConverter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** The state of one deletion run, which its steps record into, and its result. */
final class DeletionRun {

    private final String service;
    private final UUID tenantId;
    private final DeletionContext context;
    private final @Nullable UUID jobId;
    private final long started = System.nanoTime();
    private final Map<String, Long> deleted = new LinkedHashMap<>();
    private final List<String> errors = new ArrayList<>();
    private final Map<String, ExternalDataUsage> externalDeleted = new LinkedHashMap<>();
    private Map<String, Long> remaining = Map.of();
    private boolean verified;
    private int passes;
    private String mode = "none";
    private @Nullable Map<String, Long> jobDeleted;
    private DeletionResult.@Nullable ErasedBefore erasedBefore;

    DeletionRun(String service, List<String> erasedTables, UUID tenantId, DeletionContext context) {
        this.service = service;
        this.tenantId = tenantId;
        this.context = context;
        this.jobId = CanonicalUuidConverter.parse(context.jobId()).orElse(null);
        erasedTables.forEach(table -> deleted.put(table, 0L));
    }

    UUID tenantId() {
        return tenantId;
    }

    DeletionContext context() {
        return context;
    }

    /** The job of the run (the context's job id when it is a UUID), which keys its ledger rows. */
    @Nullable
    UUID jobId() {
        return jobId;
    }

    int passes() {
        return passes;
    }

    /** How the last pass deleted: {@code none} (no pass ran), {@code single_transaction} or {@code batched}. */
    String mode() {
        return mode;
    }

    Map<String, Long> remaining() {
        return remaining;
    }

    /** Whether nothing failed and nothing of the tenant was found left. */
    boolean succeeded() {
        return errors.isEmpty() && verified;
    }

    int startPass() {
        return ++passes;
    }

    void mode(String mode) {
        this.mode = mode;
    }

    void deleted(String table, long rows) {
        deleted.merge(table, rows, Long::sum);
    }

    /** Records what the job erased over all its runs, read from the ledger. */
    void jobDeleted(Map<String, Long> jobDeleted) {
        this.jobDeleted = new LinkedHashMap<>(jobDeleted);
    }

    /** Records that another, earlier job had fenced the tenant before this job's first run. */
    void erasedBefore(DeletionResult.ErasedBefore erasedBefore) {
        this.erasedBefore = erasedBefore;
    }

    /** Rows this run deleted, in all tables. */
    long runTotal() {
        return deleted.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Records the re-count after a pass; returns whether no row of the tenant is left. */
    boolean recounted(Map<String, Long> remaining) {
        this.remaining = remaining;
        verified = remaining.isEmpty();
        return verified;
    }

    void externalDeleted(String name, ExternalDataUsage usage) {
        externalDeleted.put(name, usage);
    }

    void fail(String error) {
        errors.add(error);
    }

    /** Records an error after which the tenant's data cannot be verified gone. */
    void unverified(String error) {
        verified = false;
        errors.add(error);
    }

    /**
     * The result so far, its duration measured up to now: {@code deleted_counts} are the job's
     * (from the ledger) once they have been read, else (no job, or the ledger could not be read)
     * this run's.
     */
    DeletionResult result() {
        boolean succeeded = succeeded();
        return new DeletionResult(
                tenantId,
                jobId,
                service,
                succeeded,
                jobDeleted != null ? jobDeleted : deleted,
                deleted,
                errors,
                succeeded,
                Duration.ofNanos(System.nanoTime() - started).toMillis(),
                remaining,
                externalDeleted,
                erasedBefore);
    }
}
