package com.bakeryia.tenant.deletion;

import com.bakeryia.deletion.DeletionContext;
import com.bakeryia.deletion.TenantDataDeletionService;
import com.bakeryia.deletion.TenantDataSchema;
import com.bakeryia.deletion.api.DeletionResult;
import com.bakeryia.fleet.web.CanonicalUuidConverter;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The last step of a deletion job ({@code DELETE /api/v1/tenant/tenant/{tenantId}}, through
 * deletion-core): erases the tenant's members, former members, settings, outbox rows and the tenant
 * row, then leaves a tombstone (tenant id, when, which job; nothing personal) in the retained
 * {@code tenant_tombstones}. The tombstone is written when the run erased the tenant's row or belongs
 * to a job (a re-run of a job whose first run could not write it); re-runs leave it as it was. It
 * also marks the request erased in the retained {@code tenant_deletion_requests} ({@link
 * DeletionStatusRecords}), which the owner's status resource reads once the tenant is gone.
 */
@Component
class TenantErasure extends TenantDataDeletionService {

    static final String TENANTS = "tenants";

    private static final Logger log = LoggerFactory.getLogger(TenantErasure.class);

    private static final String INSERT_TOMBSTONE = """
            INSERT INTO tenant.tenant_tombstones (tenant_id, deleted_at, job_id)
            VALUES (:tenantId, :deletedAt, :jobId)
            ON CONFLICT (tenant_id) DO NOTHING
            """;

    private static final String PURGE_TOMBSTONES = """
            DELETE FROM tenant.tenant_tombstones
            WHERE tenant_id IN (SELECT tenant_id FROM tenant.tenant_tombstones
                                WHERE deleted_at < :before ORDER BY deleted_at LIMIT :batch FOR UPDATE SKIP LOCKED)
            """;

    private final JdbcClient jdbc;
    private final DeletionStatusRecords records;
    private final Clock clock;

    TenantErasure(JdbcClient jdbc, DeletionStatusRecords records, Clock clock) {
        super(TenantDataSchema.named("tenant")
                .retained(
                        "tenant_tombstones",
                        "proof of erasure under GDPR Art. 17(1) and accountability Art. 5(2): tenant id, deletion"
                                + " time and job id only; holds no personal data; purged after"
                                + " tenant.retention.tombstones (P3Y)")
                .retained(
                        DeletionStatusRecords.TABLE,
                        "the owner's right to be informed of the outcome of their erasure request (GDPR Art."
                                + " 12(3), 19): lets the former owner read the status and the receipt for"
                                + " tenant.deletion.status-retention (P90D), then purged; holds the owner's user id"
                                + " only"));
        this.jdbc = jdbc;
        this.records = records;
        this.clock = clock;
    }

    @Override
    protected void afterErased(DeletionResult result, DeletionContext context) {
        boolean erasedTheTenant = result.deletedCounts().getOrDefault(TENANTS, 0L) > 0;
        if (!erasedTheTenant && context.jobId() == null) {
            return;
        }
        UUID jobId = CanonicalUuidConverter.parse(context.jobId()).orElse(null);
        if (jobId == null && context.jobId() != null) {
            log.warn("Tombstone of tenant {} without job id: '{}' is not a UUID", result.tenantId(), context.jobId());
        }
        jdbc.sql(INSERT_TOMBSTONE)
                .param("tenantId", result.tenantId())
                .param("deletedAt", Timestamp.from(clock.instant()))
                .param("jobId", jobId)
                .update();
        records.erased(result.tenantId(), jobId, clock.instant());
    }

    /**
     * Deletes at most {@code batch} tombstones of tenants erased before {@code before} (the retention
     * purge {@code tenant-tombstones}).
     *
     * @return how many
     */
    int purgeTombstonesBefore(Instant before, int batch) {
        return jdbc.sql(PURGE_TOMBSTONES)
                .param("before", Timestamp.from(before))
                .param("batch", batch)
                .update();
    }
}
