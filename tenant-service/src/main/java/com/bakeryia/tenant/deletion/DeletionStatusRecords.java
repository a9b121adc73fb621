package com.bakeryia.tenant.deletion;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The retained record of each erasure request ({@code tenant.tenant_deletion_requests}), written in
 * the transactions that change the tenant's deletion state: the request, its cancellation (here, and
 * in {@link PendingTenants}' statements, which also follow a replaced job) and the tenant's erasure. It is what the owner's status resource reads once the
 * tenant row is gone.
 */
@Component
class DeletionStatusRecords {

    static final String TABLE = "tenant_deletion_requests";

    private static final String INSERT = """
            INSERT INTO tenant.tenant_deletion_requests
                (job_id, tenant_id, owner_id, requested_by, requested_at, erase_at)
            VALUES (:jobId, :tenantId, :ownerId, :requestedBy, :requestedAt, :eraseAt)
            ON CONFLICT (job_id) DO NOTHING
            """;

    private static final String CANCELLED = """
            UPDATE tenant.tenant_deletion_requests SET cancelled_at = :at
            WHERE tenant_id = :tenantId AND job_id = :jobId AND cancelled_at IS NULL AND erased_at IS NULL
            """;

    private static final String ERASED = """
            UPDATE tenant.tenant_deletion_requests SET erased_at = :at
            WHERE tenant_id = :tenantId AND erased_at IS NULL AND cancelled_at IS NULL
              AND (CAST(:jobId AS uuid) IS NULL OR job_id = :jobId)
            """;

    private static final String LATEST = """
            SELECT job_id, tenant_id, owner_id, requested_by, requested_at, erase_at, cancelled_at, erased_at
            FROM tenant.tenant_deletion_requests
            WHERE tenant_id = :tenantId
            ORDER BY requested_at DESC, job_id
            LIMIT 1
            """;

    private static final String PURGE = """
            DELETE FROM tenant.tenant_deletion_requests
            WHERE job_id IN (SELECT job_id FROM tenant.tenant_deletion_requests
                             WHERE coalesce(erased_at, cancelled_at) < :before
                             LIMIT :batch)
            """;

    private final JdbcClient jdbc;

    DeletionStatusRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a new request (idempotent per job). */
    void requested(UUID jobId, UUID tenantId, @Nullable UUID ownerId, String requestedBy, Instant at, Instant eraseAt) {
        jdbc.sql(INSERT)
                .param("jobId", jobId)
                .param("tenantId", tenantId)
                .param("ownerId", ownerId)
                .param("requestedBy", requestedBy)
                .param("requestedAt", Timestamp.from(at))
                .param("eraseAt", Timestamp.from(eraseAt))
                .update();
    }

    /** Records that the request under this job was cancelled (the tenant is ACTIVE again). */
    void cancelled(UUID tenantId, UUID jobId, Instant at) {
        jdbc.sql(CANCELLED)
                .param("tenantId", tenantId)
                .param("jobId", jobId)
                .param("at", Timestamp.from(at))
                .update();
    }

    /**
     * Records that the tenant was erased here, by this job (or, without a job id, whatever request
     * was open).
     */
    void erased(UUID tenantId, @Nullable UUID jobId, Instant at) {
        jdbc.sql(ERASED)
                .param("tenantId", tenantId)
                .param("jobId", jobId)
                .param("at", Timestamp.from(at))
                .update();
    }

    /** The tenant's latest request, if it has one. */
    Optional<Record> latest(UUID tenantId) {
        return jdbc.sql(LATEST)
                .param("tenantId", tenantId)
                .query(DeletionStatusRecords::record)
                .optional();
    }

    /**
     * Deletes at most {@code batch} records whose request ended (erased or cancelled) before {@code
     * before}.
     *
     * @return how many
     */
    int purgeEndedBefore(Instant before, int batch) {
        return jdbc.sql(PURGE)
                .param("before", Timestamp.from(before))
                .param("batch", batch)
                .update();
    }

    private static Record record(ResultSet rs, int row) throws SQLException {
        return new Record(
                rs.getObject("job_id", UUID.class),
                rs.getObject("tenant_id", UUID.class),
                rs.getObject("owner_id", UUID.class),
                rs.getString("requested_by"),
                instant(rs, "requested_at"),
                instant(rs, "erase_at"),
                instant(rs, "cancelled_at"),
                instant(rs, "erased_at"));
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    /**
     * One request.
     *
     * @param ownerId who may read the status after the erasure; null when nobody may
     * @param cancelledAt when it was cancelled, if it was
     * @param erasedAt when tenant-service erased the tenant under it, if it did
     */
    record Record(
            UUID jobId,
            UUID tenantId,
            @Nullable UUID ownerId,
            String requestedBy,
            Instant requestedAt,
            Instant eraseAt,
            @Nullable Instant cancelledAt,
            @Nullable Instant erasedAt) {

        /** When the request ended (erased or cancelled), if it has. */
        @Nullable
        Instant endedAt() {
            return erasedAt != null ? erasedAt : cancelledAt;
        }
    }
}
