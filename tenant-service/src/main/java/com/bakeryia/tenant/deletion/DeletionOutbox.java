package com.bakeryia.tenant.deletion;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The outbox of deletion requests ({@code tenant.tenant_deletion_outbox}). A request is written in
 * the transaction that marks its tenant pending deletion and stays until the orchestrator has the
 * job. Deliveries lock their row ({@code FOR UPDATE SKIP LOCKED}) for the length of the call, so
 * several instances never deliver one request at once and a cancel waits for a delivery in flight.
 */
@Repository
class DeletionOutbox {

    private static final String INSERT = """
            INSERT INTO tenant.tenant_deletion_outbox
                (job_id, tenant_id, requested_by, reason, not_before, attempts, next_attempt_at, created_at)
            VALUES (:jobId, :tenantId, :requestedBy, :reason, :notBefore, 0, :relayAfter, :now)
            """;

    private static final String CLAIM_NEXT_DUE = """
            SELECT job_id, tenant_id, requested_by, reason, not_before, attempts
            FROM tenant.tenant_deletion_outbox
            WHERE delivered_at IS NULL AND next_attempt_at <= :now
            ORDER BY next_attempt_at
            LIMIT 1
            FOR UPDATE SKIP LOCKED
            """;

    private static final String CLAIM_UNDELIVERED_JOB = """
            SELECT job_id, tenant_id, requested_by, reason, not_before, attempts
            FROM tenant.tenant_deletion_outbox
            WHERE job_id = :jobId AND delivered_at IS NULL
            FOR UPDATE SKIP LOCKED
            """;

    private static final String LOCK_UNDELIVERED_OF_TENANT = """
            SELECT job_id
            FROM tenant.tenant_deletion_outbox
            WHERE tenant_id = :tenantId AND delivered_at IS NULL
            FOR UPDATE
            """;

    private static final String MARK_DELIVERED = """
            UPDATE tenant.tenant_deletion_outbox
            SET delivered_at = :now, attempts = attempts + 1, last_error = NULL
            WHERE job_id = :jobId
            """;

    private static final String MARK_FAILED = """
            UPDATE tenant.tenant_deletion_outbox
            SET attempts = attempts + 1, next_attempt_at = :nextAttemptAt, last_error = :error
            WHERE job_id = :jobId
            """;

    private static final String DELETE_UNDELIVERED_OF_TENANT = """
            DELETE FROM tenant.tenant_deletion_outbox
            WHERE tenant_id = :tenantId AND delivered_at IS NULL
            """;

    private static final String ADOPT_JOB = """
            UPDATE tenant.tenants
            SET deletion_job_id = :heldJobId
            WHERE tenant_id = :tenantId AND deletion_job_id = :requestedJobId
            """;

    private static final String COUNT_UNDELIVERED = """
            SELECT count(*) FROM tenant.tenant_deletion_outbox WHERE delivered_at IS NULL
            """;

    private static final int MAX_ERROR_LENGTH = 1000;

    private final JdbcClient jdbc;

    DeletionOutbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Adds a request; call it in the transaction that marks the tenant pending deletion.
     *
     * @param relayAfter when the relay may take it: the request's own thread delivers it first, right
     *     after the commit, and the relay only if that did not happen (a crash) or failed
     */
    void add(OutboxEntry entry, Instant now, Instant relayAfter) {
        jdbc.sql(INSERT)
                .param("jobId", entry.jobId())
                .param("tenantId", entry.tenantId())
                .param("requestedBy", entry.requestedBy())
                .param("reason", entry.reason())
                .param("notBefore", Timestamp.from(entry.notBefore()))
                .param("now", Timestamp.from(now))
                .param("relayAfter", Timestamp.from(relayAfter))
                .update();
    }

    /** The undelivered request due first, locked until the transaction ends; none when all are due later or locked. */
    Optional<OutboxEntry> claimNextDue(Instant now) {
        return jdbc.sql(CLAIM_NEXT_DUE)
                .param("now", Timestamp.from(now))
                .query(DeletionOutbox::entry)
                .optional();
    }

    /** The request of the job if it is undelivered and not being delivered elsewhere, locked until the transaction ends. */
    Optional<OutboxEntry> claimUndelivered(UUID jobId) {
        return jdbc.sql(CLAIM_UNDELIVERED_JOB)
                .param("jobId", jobId)
                .query(DeletionOutbox::entry)
                .optional();
    }

    /**
     * Locks the tenant's undelivered requests, waiting for a delivery in flight to finish (a request it
     * delivered is no longer returned), and returns their job ids.
     */
    List<UUID> lockUndelivered(UUID tenantId) {
        return jdbc.sql(LOCK_UNDELIVERED_OF_TENANT)
                .param("tenantId", tenantId)
                .query(UUID.class)
                .list();
    }

    /** Drops the tenant's undelivered requests (their jobs were never created): a cancel. */
    int deleteUndelivered(UUID tenantId) {
        return jdbc.sql(DELETE_UNDELIVERED_OF_TENANT)
                .param("tenantId", tenantId)
                .update();
    }

    void markDelivered(UUID jobId, Instant now) {
        jdbc.sql(MARK_DELIVERED)
                .param("jobId", jobId)
                .param("now", Timestamp.from(now))
                .update();
    }

    void markFailed(UUID jobId, Instant nextAttemptAt, String error) {
        jdbc.sql(MARK_FAILED)
                .param("jobId", jobId)
                .param("nextAttemptAt", Timestamp.from(nextAttemptAt))
                .param("error", error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error)
                .update();
    }

    /**
     * Makes the job the orchestrator already held for the tenant the tenant's deletion job, in place
     * of the requested one, if the tenant is still pending under the requested one.
     */
    void adoptJob(UUID tenantId, UUID requestedJobId, UUID heldJobId) {
        jdbc.sql(ADOPT_JOB)
                .param("tenantId", tenantId)
                .param("requestedJobId", requestedJobId)
                .param("heldJobId", heldJobId)
                .update();
    }

    /** Requests the orchestrator does not have yet, on every instance. */
    long undeliveredCount() {
        return jdbc.sql(COUNT_UNDELIVERED).query(Long.class).single();
    }

    private static OutboxEntry entry(ResultSet rs, int row) throws SQLException {
        return new OutboxEntry(
                rs.getObject("job_id", UUID.class),
                rs.getObject("tenant_id", UUID.class),
                rs.getString("requested_by"),
                rs.getString("reason"),
                rs.getTimestamp("not_before").toInstant(),
                rs.getInt("attempts"));
    }

    /**
     * One deletion request.
     *
     * @param jobId the job id generated here, under which the job is created at the orchestrator
     * @param tenantId the tenant to erase
     * @param requestedBy the user id of the owner, or the service that asked
     * @param reason why, for the job's record
     * @param notBefore the end of the grace period
     * @param attempts deliveries tried so far
     */
    record OutboxEntry(
            UUID jobId,
            UUID tenantId,
            String requestedBy,
            @Nullable String reason,
            Instant notBefore,
            int attempts) {}
}
