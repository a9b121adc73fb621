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
        fields.put("rows_deleted", result.totalDeleted());
        fields.put("duration_ms", result.durationMs());
        fields.put("deleted_counts", result.deletedCounts());
        fields.put("remaining_counts", result.remainingCounts());
        fields.put("errors", result.errors());
        LoggingEventBuilder line = (result.success() ? audit.atInfo() : audit.atWarn()).addKeyValue("event", EVENT);
        fields.forEach(line::addKeyValue);
        line.log(() -> fields.entrySet().stream()
                .map(field -> field.getKey() + "=" + field.getValue())
                .collect(Collectors.joining(" ", EVENT + " ", "")));
    }
}
