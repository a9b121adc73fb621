package com.bakeryia.orchestrator.store;

import java.time.Period;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The end of a finished job's retention, the one place that removes or redacts rows of {@code
 * deletion_job}, {@code deletion_step}, {@code deletion_admin_request}, {@code deletion_audit_event}
 * and {@code tenant_legal_hold} (every other write stays with {@link JobStore}, {@link AuditTrail},
 * {@link AdminActions} and {@link LegalHolds}). Audit events and legal holds are changed only through
 * the schema owner's SECURITY DEFINER functions of V5 ({@code deletion_audit_purge}, {@code
 * deletion_audit_redact}, {@code tenant_legal_hold_purge}): the runtime role may not UPDATE or
 * DELETE them itself. Each method is one batch in the caller's transaction; jobs another transaction
 * holds are skipped ({@code SKIP LOCKED}) and left to the next batch, so instances running it at once
 * never purge one job twice. A tenant with an active legal hold keeps its finished jobs whole (no purge,
 * no redaction) until the hold is lifted. Ages are on PostgreSQL's clock, like every time of the store.
 */
public class JobRetention {

    /** What personal fields are replaced by. */
    public static final String REDACTED = "redacted";

    private static final String FINISHED_BEFORE = """
            SELECT id FROM deletion_job
             WHERE status IN ('COMPLETED', 'CANCELLED', 'FAILED') AND finished_at IS NOT NULL
               AND finished_at < now() - CAST(:period AS interval)
               AND NOT EXISTS (SELECT 1 FROM tenant_legal_hold h
                                WHERE h.tenant_id = deletion_job.tenant_id AND h.lifted_at IS NULL)
             ORDER BY finished_at
             LIMIT :batch
             FOR UPDATE SKIP LOCKED
            """;

    private static final String NOT_REDACTED_FINISHED_BEFORE = """
            SELECT id FROM deletion_job
             WHERE status IN ('COMPLETED', 'CANCELLED', 'FAILED') AND finished_at IS NOT NULL
               AND finished_at < now() - CAST(:period AS interval)
               AND NOT EXISTS (SELECT 1 FROM tenant_legal_hold h
                                WHERE h.tenant_id = deletion_job.tenant_id AND h.lifted_at IS NULL)
               AND (redacted_at IS NULL OR redacted_at < finished_at)
             ORDER BY finished_at
             LIMIT :batch
             FOR UPDATE SKIP LOCKED
            """;

    private static final String PURGE_AUDIT = "SELECT deletion_audit_purge(:jobId)";
    private static final String DELETE_STEPS = "DELETE FROM deletion_step WHERE job_id  IN (:jobIds)";
    private static final String DELETE_ADMIN_REQUESTS = "DELETE FROM deletion_admin_request WHERE job_id  IN (:jobIds)";
    private static final String DELETE_JOBS = "DELETE FROM deletion_job WHERE id  IN (:jobIds)";

    private static final String PURGE_LEGAL_HOLDS =
            "SELECT tenant_legal_hold_purge(now() - CAST(:period AS interval), :batch)";

    private static final String REDACT_JOBS = """
            UPDATE deletion_job
               SET requested_by = :redacted,
                   reason = CASE WHEN reason IS NULL THEN NULL ELSE :redacted END,
                   redacted_at = now()
             WHERE id  IN (:jobIds)
            """;

    private static final String REDACT_ADMIN_REQUESTS = """
            UPDATE deletion_admin_request
               SET requested_by = :redacted,
                   reason = :redacted,
                   approved_by = CASE WHEN approved_by IS NULL THEN NULL ELSE :redacted END
             WHERE job_id  IN (:jobIds)
            """;

    private static final String REDACT_AUDIT = "SELECT deletion_audit_redact(:jobId)";

    private static final String REDACT_LEGAL_HOLDS = """
            UPDATE tenant_legal_hold
               SET placed_by = :redacted, reason = :redacted, reference = :redacted,
                   lifted_by = :redacted, lift_reason = :redacted
             WHERE id IN (SELECT h.id FROM tenant_legal_hold h
                           WHERE h.lifted_at IS NOT NULL AND h.lifted_at < now() - CAST(:period AS interval)
                             AND h.placed_by <> :redacted
                             AND NOT EXISTS (SELECT 1 FROM deletion_job j
                                              WHERE j.tenant_id = h.tenant_id
                                                AND j.status IN ('PENDING', 'IN_PROGRESS', 'RETRYING'))
                           ORDER BY h.lifted_at LIMIT :batch FOR UPDATE SKIP LOCKED)
            """;

    private final JdbcClient jdbc;
    private final RetentionProperties properties;

    JobRetention(JdbcClient jdbc, RetentionProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /**
     * Purges at most {@code batch} jobs finished longer than {@code orchestrator.retention.jobs} ago,
     * with their steps, admin requests and audit events.
     *
     * @return how many jobs
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int purgeFinishedJobs(int batch) {
        List<UUID> jobs = jobs(FINISHED_BEFORE, properties.jobs(), batch);
        if (jobs.isEmpty()) {
            return 0;
        }
        jobs.forEach(job -> jdbc.sql(PURGE_AUDIT).param("jobId", job).query().singleValue());
        jdbc.sql(DELETE_STEPS).param("jobIds", jobs).update();
        jdbc.sql(DELETE_ADMIN_REQUESTS).param("jobIds", jobs).update();
        return jdbc.sql(DELETE_JOBS).param("jobIds", jobs).update();
    }

    /**
     * Purges at most {@code batch} legal holds lifted longer than {@code orchestrator.retention.jobs}
     * ago, of tenants that have no job left.
     *
     * @return how many
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int purgeLiftedLegalHolds(int batch) {
        Integer purged = jdbc.sql(PURGE_LEGAL_HOLDS)
                .param("period", properties.jobs().toString())
                .param("batch", batch)
                .query(Integer.class)
                .single();
        return purged == null ? 0 : purged;
    }

    /**
     * Redacts the personal fields of at most {@code batch} jobs finished longer than {@code
     * orchestrator.retention.personal-data} ago: the job's, its admin requests' and its v2 audit
     * payloads.
     *
     * @return how many jobs
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int redactFinishedJobs(int batch) {
        List<UUID> jobs = jobs(NOT_REDACTED_FINISHED_BEFORE, properties.personalData(), batch);
        if (jobs.isEmpty()) {
            return 0;
        }
        jdbc.sql(REDACT_ADMIN_REQUESTS)
                .param("redacted", REDACTED)
                .param("jobIds", jobs)
                .update();
        jobs.forEach(job -> jdbc.sql(REDACT_AUDIT).param("jobId", job).query().singleValue());
        return jdbc.sql(REDACT_JOBS)
                .param("redacted", REDACTED)
                .param("jobIds", jobs)
                .update();
    }

    /**
     * Redacts the actors and texts of at most {@code batch} legal holds lifted longer than {@code
     * orchestrator.retention.personal-data} ago, of tenants without an unfinished job.
     *
     * @return how many
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int redactLiftedLegalHolds(int batch) {
        return jdbc.sql(REDACT_LEGAL_HOLDS)
                .param("redacted", REDACTED)
                .param("period", properties.personalData().toString())
                .param("batch", batch)
                .update();
    }

    private List<UUID> jobs(String query, Period period, int batch) {
        return jdbc.sql(query)
                .param("period", period.toString())
                .param("batch", batch)
                .query(UUID.class)
                .list();
    }
}
