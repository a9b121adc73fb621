package com.bakeryia.deletion.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The last entry of a service's export ({@value DeletionEndpoints#EXPORT_MANIFEST}): what the
 * archive holds. An archive without it is incomplete. JSON in snake_case, in this order; {@code
 * snapshot_at} an ISO-8601 instant (read it with Jackson's {@code JavaTimeModule}).
 *
 * @param service the service that exported
 * @param schema its schema
 * @param tenantId the tenant
 * @param snapshotAt {@code now()} of the export's transaction: every table is as it was then
 * @param format the format of the table entries, {@value #NDJSON}
 * @param tables rows per erased table, parents first, in the order of their entries (zero included)
 * @param files bytes per file entry ({@code files/<name>/<path>}), in the order of their entries
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"service", "schema", "tenant_id", "snapshot_at", "format", "tables", "files"})
public record TenantDataExportManifest(
        String service,
        String schema,
        UUID tenantId,
        Instant snapshotAt,
        String format,
        Map<String, Long> tables,
        Map<String, Long> files) {

    /** The format of the table entries: one {@code row_to_json} object per line. */
    public static final String NDJSON = "ndjson";

    public TenantDataExportManifest {
        tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
        files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
    }
}
