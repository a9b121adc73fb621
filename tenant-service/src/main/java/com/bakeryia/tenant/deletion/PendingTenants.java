package com.bakeryia.tenant.deletion;

import com.bakeryia.tenant.deletion.OrchestratorClient.JobStatus;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Tenants pending deletion as the reconciler and the relay see them ({@code tenant.tenants}): the
 * job status last read ({@code deletion_job_status}) and when the reconciler last took a tenant up
 * ({@code deletion_checked_at}, on PostgreSQL's clock). Every change names the tenant's job, so that
 * it does nothing to a tenant that meanwhile became ACTIVE or got another job.
 */
@Repository
class PendingTenants {

    /**
     * Takes up to {@code :batch} pending tenants whose request the orchestrator has (no undelivered
     * outbox row) and that nobody took up within {@code :intervalMillis}, least recently checked
     * first, and stamps them checked now: another reconciler skips the rows while they are locked and
     * finds them checked once they are not, so no tenant is taken up twice in one interval.
     */
    private static final String CLAIM_DUE = """
            UPDATE tenant.tenants t
            SET deletion_checked_at = now()
            WHERE t.tenant_id IN (
                SELECT c.tenant_id FROM tenant.tenants c
                WHERE c.status = 'DELETION_PENDING'
                  AND c.deletion_job_id IS NOT NULL
                  AND (c.deletion_checked_at IS NULL
                       OR c.deletion_checked_at <= now() - :intervalMillis * interval '1 millisecond')
                  AND NOT EXISTS (
                      SELECT 1 FROM tenant.tenant_deletion_outbox o
                      WHERE o.tenant_id = c.tenant_id AND o.delivered_at IS NULL)
                ORDER BY c.deletion_checked_at NULLS FIRST, c.tenant_id
                LIMIT :batch
                FOR UPDATE SKIP LOCKED)
            RETURNING t.tenant_id, t.deletion_job_id, t.deletion_job_status
            """;

    private static final String RECORD_STATUS = """
            UPDATE tenant.tenants
            SET deletion_job_status = :status
            WHERE tenant_id = :tenantId AND status = 'DELETION_PENDING' AND deletion_job_id = :jobId
            """;

    /** Also records the request cancelled ({@link DeletionStatusRecords}), in the same statement. */
    private static final String MARK_ACTIVE = """
            WITH active AS (
                UPDATE tenant.tenants
                SET status = 'ACTIVE', deletion_job_id = NULL, deletion_requested_at = NULL,
                    deletion_not_before = NULL, deletion_job_status = NULL, deletion_checked_at = NULL
                WHERE tenant_id = :tenantId AND status = 'DELETION_PENDING' AND deletion_job_id = :jobId
                RETURNING tenant_id),
            request AS (
                UPDATE tenant.tenant_deletion_requests SET cancelled_at = now()
                WHERE job_id = :jobId AND tenant_id IN (SELECT tenant_id FROM active)
                  AND cancelled_at IS NULL AND erased_at IS NULL)
            SELECT count(*) FROM active
            """;

    /** Also follows the request's record ({@link DeletionStatusRecords}) to the new job (or drops it when that job has one), in the same statement. */
    private static final String REPLACE_JOB = """
            WITH replaced AS (
                UPDATE tenant.tenants
                SET deletion_job_id = :newJobId, deletion_job_status = NULL
                WHERE tenant_id = :tenantId AND status = 'DELETION_PENDING' AND deletion_job_id = :jobId
                RETURNING tenant_id)
            , dropped AS (
                DELETE FROM tenant.tenant_deletion_requests
                WHERE job_id = :jobId AND tenant_id IN (SELECT tenant_id FROM replaced)
                  AND EXISTS (SELECT 1 FROM tenant.tenant_deletion_requests WHERE job_id = :newJobId))
            UPDATE tenant.tenant_deletion_requests SET job_id = :newJobId
            WHERE job_id = :jobId AND tenant_id IN (SELECT tenant_id FROM replaced)
              AND NOT EXISTS (SELECT 1 FROM tenant.tenant_deletion_requests WHERE job_id = :newJobId)
            """;

    private static final String IS_PENDING_UNDER = """
            SELECT count(*) FROM tenant.tenants
            WHERE tenant_id = :tenantId AND status = 'DELETION_PENDING' AND deletion_job_id = :jobId
            """;

    private static final String LOCK_PENDING_UNDER = """
            SELECT count(*) FROM (
                SELECT 1 FROM tenant.tenants
                WHERE tenant_id = :tenantId AND status = 'DELETION_PENDING' AND deletion_job_id = :jobId
                FOR UPDATE) locked
            """;

    private static final String COUNT_FAILED = """
            SELECT count(*) FROM tenant.tenants
            WHERE status = 'DELETION_PENDING' AND deletion_job_status = 'FAILED'
            """;

    private final JdbcClient jdbc;

    PendingTenants(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Claims the tenants due for a reconciler's round (one statement of its own). */
    List<Pending> claimDue(Duration interval, int batch) {
        return jdbc.sql(CLAIM_DUE)
                .param("intervalMillis", interval.toMillis())
                .param("batch", batch)
                .query((rs, row) -> new Pending(
                        rs.getObject("tenant_id", UUID.class),
                        rs.getObject("deletion_job_id", UUID.class),
                        rs.getString("deletion_job_status")))
                .list();
    }

    /** Records the job's status as last read, if the tenant is still pending under that job. */
    void recordStatus(UUID tenantId, UUID jobId, JobStatus status) {
        jdbc.sql(RECORD_STATUS)
                .param("tenantId", tenantId)
                .param("jobId", jobId)
                .param("status", status.name())
                .update();
    }

    /**
     * Makes the tenant ACTIVE with its deletion fields cleared, if it is still pending under the job.
     *
     * @return whether it was
     */
    boolean markActive(UUID tenantId, UUID jobId) {
        return jdbc.sql(MARK_ACTIVE)
                        .param("tenantId", tenantId)
                        .param("jobId", jobId)
                        .query(Long.class)
                        .single()
                == 1;
    }

    /** Puts the tenant under another job id (the one its request is delivered under), if still pending under the job. */
    void replaceJob(UUID tenantId, UUID jobId, UUID newJobId) {
        jdbc.sql(REPLACE_JOB)
                .param("tenantId", tenantId)
                .param("jobId", jobId)
                .param("newJobId", newJobId)
                .update();
    }

    /** Whether the tenant is still pending deletion under the job. */
    boolean isPendingUnder(UUID tenantId, UUID jobId) {
        return jdbc.sql(IS_PENDING_UNDER)
                        .param("tenantId", tenantId)
                        .param("jobId", jobId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** Locks the tenant's row until the transaction ends if it is pending under the job, and says whether it is. */
    boolean lockPendingUnder(UUID tenantId, UUID jobId) {
        return jdbc.sql(LOCK_PENDING_UNDER)
                        .param("tenantId", tenantId)
                        .param("jobId", jobId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** Pending tenants whose job the orchestrator last answered FAILED, on every instance. */
    long failedJobs() {
        return jdbc.sql(COUNT_FAILED).query(Long.class).single();
    }

    /**
     * A pending tenant taken up by a reconciler.
     *
     * @param tenantId the tenant
     * @param jobId its deletion job
     * @param lastStatus the job's status as last read, null if never
     */
    record Pending(UUID tenantId, UUID jobId, @Nullable String lastStatus) {}
}
