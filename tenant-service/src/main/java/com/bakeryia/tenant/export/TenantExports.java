package com.bakeryia.tenant.export;

import com.bakeryia.fleet.web.FleetProblem;
import com.bakeryia.fleet.web.FleetProblemException;
import com.bakeryia.tenant.tenants.MemberRole;
import com.bakeryia.tenant.tenants.Membership;
import com.bakeryia.tenant.tenants.TenantAccess;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The owner's export records ({@code tenant.tenant_exports}): only the tenant's OWNER requests,
 * reads and downloads them (an admin gets 403, anyone else 404 as for the tenant itself); an export
 * id is looked up under the tenant of the path, so another tenant's export is not found.
 */
@Service
class TenantExports {

    private static final Logger log = LoggerFactory.getLogger(TenantExports.class);

    private static final String INSERT = """
            INSERT INTO tenant.tenant_exports (export_id, tenant_id, requested_by, requested_at, expires_at)
            VALUES (:exportId, :tenantId, :requestedBy, :requestedAt, :expiresAt)
            """;

    private static final String COUNT_UNEXPIRED = """
            SELECT count(*) FROM tenant.tenant_exports WHERE tenant_id = :tenantId AND expires_at > :now
            """;

    private static final String FIND = """
            SELECT export_id, tenant_id, requested_at, expires_at, downloads, last_download_at,
                   last_download_outcome, last_download_bytes
            FROM tenant.tenant_exports WHERE tenant_id = :tenantId AND export_id = :exportId
            """;

    private static final String DOWNLOAD_STARTED = """
            UPDATE tenant.tenant_exports
            SET downloads = downloads + 1, last_download_at = :at, last_download_outcome = 'STARTED',
                last_download_bytes = NULL
            WHERE tenant_id = :tenantId AND export_id = :exportId
            """;

    private static final String DOWNLOAD_ENDED = """
            UPDATE tenant.tenant_exports SET last_download_outcome = :outcome, last_download_bytes = :bytes
            WHERE tenant_id = :tenantId AND export_id = :exportId AND last_download_at = :startedAt
            """;

    private static final String PURGE_EXPIRED = """
            DELETE FROM tenant.tenant_exports
            WHERE export_id IN (SELECT export_id FROM tenant.tenant_exports WHERE expires_at <= :now
                                LIMIT :batch FOR UPDATE SKIP LOCKED)
            """;

    private final TenantAccess access;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final TenantExportProperties properties;
    private final Clock clock;

    TenantExports(
            TenantAccess access,
            JdbcClient jdbc,
            TransactionTemplate transactions,
            TenantExportProperties properties,
            Clock clock) {
        this.access = access;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
    }

    /** Records a new export of the tenant, for its owner. */
    TenantExport request(UUID tenantId, UUID callerId) {
        return Objects.requireNonNull(transactions.execute(status -> {
            Membership owner = access.memberForUpdate(tenantId, callerId);
            owner.requireRole("Exporting the tenant's data", MemberRole.OWNER);
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            long unexpired = jdbc.sql(COUNT_UNEXPIRED)
                    .param("tenantId", tenantId)
                    .param("now", Timestamp.from(now))
                    .query(Long.class)
                    .single();
            if (unexpired >= properties.maxPerTenant()) {
                throw new FleetProblemException(
                        FleetProblem.TOO_MANY_EXPORTS,
                        "Tenant " + tenantId + " already has " + unexpired + " exports that have not expired (at most "
                                + properties.maxPerTenant() + "); download one of them, each can be downloaded"
                                + " again until it expires");
            }
            UUID exportId = UUID.randomUUID();
            Instant expiresAt = now.plus(properties.linkValidity());
            jdbc.sql(INSERT)
                    .param("exportId", exportId)
                    .param("tenantId", tenantId)
                    .param("requestedBy", callerId)
                    .param("requestedAt", Timestamp.from(now))
                    .param("expiresAt", Timestamp.from(expiresAt))
                    .update();
            log.info("Export {} of tenant {} requested by its owner {}", exportId, tenantId, callerId);
            return new TenantExport(
                    exportId,
                    tenantId,
                    "ready",
                    now,
                    expiresAt,
                    0,
                    null,
                    null,
                    null,
                    TenantExport.FORMAT,
                    URI.create(TenantExport.path(tenantId, exportId) + "/download"));
        }));
    }

    /** The export, for the tenant's owner. */
    TenantExport find(UUID tenantId, UUID exportId, UUID callerId) {
        return Objects.requireNonNull(transactions.execute(status -> {
            access.member(tenantId, callerId).requireRole("Reading the tenant's exports", MemberRole.OWNER);
            return load(tenantId, exportId);
        }));
    }

    /**
     * Records the start of a download of an export that has not expired, for the tenant's owner.
     *
     * @return when it started, which names this download when it ends
     */
    Instant startDownload(UUID tenantId, UUID exportId, UUID callerId) {
        return Objects.requireNonNull(transactions.execute(status -> {
            access.member(tenantId, callerId).requireRole("Downloading the tenant's export", MemberRole.OWNER);
            TenantExport export = load(tenantId, exportId);
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            if (!now.isBefore(export.expiresAt())) {
                throw notFound(tenantId, exportId, " (it expired at " + export.expiresAt() + ")");
            }
            jdbc.sql(DOWNLOAD_STARTED)
                    .param("tenantId", tenantId)
                    .param("exportId", exportId)
                    .param("at", Timestamp.from(now))
                    .update();
            return now;
        }));
    }

    /** Records how a download ended. */
    void endDownload(UUID tenantId, UUID exportId, Instant startedAt, boolean completed, long bytes) {
        jdbc.sql(DOWNLOAD_ENDED)
                .param("tenantId", tenantId)
                .param("exportId", exportId)
                .param("startedAt", Timestamp.from(startedAt))
                .param("outcome", completed ? "COMPLETED" : "FAILED")
                .param("bytes", bytes)
                .update();
    }

    /**
     * Deletes at most {@code batch} export records expired by {@code now} (the retention purge {@code
     * tenant-exports}).
     *
     * @return how many
     */
    int purgeExpired(Instant now, int batch) {
        return jdbc.sql(PURGE_EXPIRED)
                .param("now", Timestamp.from(now))
                .param("batch", batch)
                .update();
    }

    private TenantExport load(UUID tenantId, UUID exportId) {
        Instant now = clock.instant();
        return jdbc.sql(FIND)
                .param("tenantId", tenantId)
                .param("exportId", exportId)
                .query((rs, row) -> export(rs, now))
                .optional()
                .orElseThrow(() -> notFound(tenantId, exportId, ""));
    }

    private static TenantExport export(ResultSet rs, Instant now) throws SQLException {
        UUID tenantId = rs.getObject("tenant_id", UUID.class);
        UUID exportId = rs.getObject("export_id", UUID.class);
        Instant expiresAt = rs.getTimestamp("expires_at").toInstant();
        return new TenantExport(
                exportId,
                tenantId,
                now.isBefore(expiresAt) ? "ready" : "expired",
                rs.getTimestamp("requested_at").toInstant(),
                expiresAt,
                rs.getInt("downloads"),
                instant(rs.getTimestamp("last_download_at")),
                rs.getString("last_download_outcome"),
                rs.getObject("last_download_bytes", Long.class),
                TenantExport.FORMAT,
                URI.create(TenantExport.path(tenantId, exportId) + "/download"));
    }

    private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static FleetProblemException notFound(UUID tenantId, UUID exportId, String why) {
        return new FleetProblemException(
                FleetProblem.EXPORT_NOT_FOUND, "Tenant " + tenantId + " has no export " + exportId + why);
    }
}
