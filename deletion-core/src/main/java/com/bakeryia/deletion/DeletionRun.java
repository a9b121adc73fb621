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

/** The state of one deletion run, which its steps record into, and its result. */
final class DeletionRun {

    private final String service;
    private final UUID tenantId;
    private final DeletionContext context;
    private final long started = System.nanoTime();
    private final Map<String, Long> deleted = new LinkedHashMap<>();
    private final List<String> errors = new ArrayList<>();
    private final Map<String, ExternalDataUsage> externalDeleted = new LinkedHashMap<>();
    private Map<String, Long> remaining = Map.of();
    private boolean verified;
    private int passes;
    private String mode = "none";

    DeletionRun(String service, List<String> erasedTables, UUID tenantId, DeletionContext context) {
        this.service = service;
        this.tenantId = tenantId;
        this.context = context;
        erasedTables.forEach(table -> deleted.put(table, 0L));
    }

    UUID tenantId() {
        return tenantId;
    }

    DeletionContext context() {
        return context;
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

    /** The result so far, its duration measured up to now. */
    DeletionResult result() {
        boolean succeeded = succeeded();
        return new DeletionResult(
                tenantId,
                CanonicalUuidConverter.parse(context.jobId()).orElse(null),
                service,
                succeeded,
                deleted,
                deleted,
                errors,
                succeeded,
                Duration.ofNanos(System.nanoTime() - started).toMillis(),
                remaining,
                externalDeleted,
                null);
    }
}
