package com.bakeryia.tenant.export;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An export as the owner sees it.
 *
 * @param status {@code ready} (can be downloaded until expires_at) or {@code expired}
 * @param downloads downloads started so far
 * @param lastDownloadOutcome {@code COMPLETED}, {@code FAILED} (cut short) or {@code STARTED}
 *     (going on, or its end unknown); null before the first
 * @param downloadUrl where the ZIP is downloaded (relative to tenant-service)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TenantExport(
        UUID exportId,
        UUID tenantId,
        String status,
        Instant requestedAt,
        Instant expiresAt,
        int downloads,
        @Nullable Instant lastDownloadAt,
        @Nullable String lastDownloadOutcome,
        @Nullable Long lastDownloadBytes,
        String format,
        URI downloadUrl) {

    /** The archive's format, as docs/contracts.md defines it. */
    public static final String FORMAT =
            "zip: <service>/<table>.ndjson, <service>/files/..., manifest.json, manifest.jws";

    static URI path(UUID tenantId, UUID exportId) {
        return URI.create("/api/v1/tenants/" + tenantId + "/exports/" + exportId);
    }
}
