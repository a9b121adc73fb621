package com.bakeryia.deletion;

import com.bakeryia.deletion.api.DeletionResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Writes the audit line of a run to the logger {@code com.bakeryia.deletion.audit}: one line per
 * run, at INFO when it succeeded and WARN when not, its fields as key-value pairs (for structured
 * logging) and as {@code name=value} in the message (for the plain console, which shows no
 * key-value pairs), both written from one list of the fields.
 *
 * <p>{@code rows_deleted} and {@code run_deleted_counts} are what this run deleted; {@code
 * deleted_counts} is what the run's job deleted over all its runs (the ledger's sums, equal to the
 * run's without a job); {@code erased_before} names the earlier job that had already fenced the
 * tenant, if any (empty otherwise). So summing {@code rows_deleted} over the lines counts every
 * row once, however often a job was run.
 */
final class DeletionAuditLog {

    private static final Logger audit = LoggerFactory.getLogger("com.bakeryia.deletion.audit");

    private static final String EVENT = "tenant_data_deletion";

    void write(DeletionResult result, DeletionRun run) {
        Map<String, @Nullable Object> fields = new LinkedHashMap<>();
        fields.put("service", result.serviceName());
        fields.put("tenant_id", result.tenantId());
        fields.put("job_id", run.context().jobId());
        fields.put("caller", run.context().caller());
        fields.put("outcome", result.success() ? "success" : "failure");
        fields.put("verified", result.verified());
        fields.put("mode", run.mode());
        fields.put("passes", run.passes());
        fields.put("rows_deleted", run.runTotal());
        fields.put("duration_ms", result.durationMs());
        fields.put("run_deleted_counts", result.runDeletedCounts());
        fields.put("deleted_counts", result.deletedCounts());
        fields.put(
                "erased_before",
                result.erasedBefore() == null ? null : result.erasedBefore().jobId());
        fields.put("remaining_counts", result.remainingCounts());
        fields.put("errors", result.errors());
        LoggingEventBuilder line = (result.success() ? audit.atInfo() : audit.atWarn()).addKeyValue("event", EVENT);
        fields.forEach(line::addKeyValue);
        line.log(() -> fields.entrySet().stream()
                .map(field -> field.getKey() + "=" + field.getValue())
                .collect(Collectors.joining(" ", EVENT + " ", "")));
    }
}
