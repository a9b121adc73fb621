package com.bakeryia.tenant.deletion;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
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
 * job. No transaction stays open during a call to the orchestrator: a delivery first <em>claims</em>
 * its row in a statement of its own ({@code claim_id}, valid until {@code claimed_until} on
 * PostgreSQL's clock, {@link TenantDeletionProperties#deliveryLease()}), calls, then records the
 * outcome under that claim. So several instances never deliver one request at once, and a cancel,
 * which takes the rows under the same rule, never drops a request while it is being delivered. A
 * claim that was never resolved (its instance died during the call) and a call that timed out make
 * the row {@code possibly_delivered}: the orchestrator may have the job although nothing here says
 * so.
 */
@Repository
class DeletionOutbox {

    private static final String INSERT = """
            INSERT INTO tenant.tenant_deletion_outbox
                (job_id, tenant_id, requested_by, reason, not_before, attempts, next_attempt_at, created_at)
            VALUES (:jobId, :tenantId, :requestedBy, :reason, :notBefore, 0, :relayAfter, :now)
            """;

    /** Not claimed now: never, or its claim was resolved or has expired. */
    private static final String UNCLAIMED = "(claimed_until IS NULL OR claimed_until <= now())";

    /** Sets a claim; an earlier claim never resolved (its instance died in the call) may have delivered. */
    private static final String CLAIM = """
            claim_id = :claimId,
            claimed_until = now() + :leaseMillis * interval '1 millisecond',
            possibly_delivered = possibly_delivered OR claim_id IS NOT NULL
            """;

    private static final String CLAIMED_COLUMNS = "job_id, tenant_id, requested_by, reason, not_before, attempts";

    private static final String CLAIM_NEXT_DUE = "UPDATE tenant.tenant_deletion_outbox SET " + CLAIM
            + " WHERE job_id = (SELECT job_id FROM tenant.tenant_deletion_outbox"
            + " WHERE delivered_at IS NULL AND next_attempt_at <= :now AND " + UNCLAIMED
            + " ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED)"
            + " RETURNING " + CLAIMED_COLUMNS;

    private static final String CLAIM_UNDELIVERED_JOB = "UPDATE tenant.tenant_deletion_outbox SET " + CLAIM
            + " WHERE job_id = :jobId AND delivered_at IS NULL AND " + UNCLAIMED
            + " RETURNING " + CLAIMED_COLUMNS;

    private static final String LOCK_UNDELIVERED_OF_TENANT = """
            SELECT job_id,
                   coalesce(claimed_until > now(), false) AS in_flight,
                   possibly_delivered OR claim_id IS NOT NULL AS possibly_delivered
            FROM tenant.tenant_deletion_outbox
            WHERE tenant_id = :tenantId AND delivered_at IS NULL
            FOR UPDATE
            """;

    private static final String CLAIM_UNDELIVERED_OF_TENANT = "UPDATE tenant.tenant_deletion_outbox SET " + CLAIM
            + " WHERE tenant_id = :tenantId AND delivered_at IS NULL";

    private static final String MARK_DELIVERED = """
            UPDATE tenant.tenant_deletion_outbox
            SET delivered_at = :now, attempts = attempts + 1, last_error = NULL, claim_id = NULL, claimed_until = NULL
            WHERE job_id = :jobId AND claim_id = :claimId
            """;

    private static final String MARK_FAILED = """
            UPDATE tenant.tenant_deletion_outbox
            SET attempts = attempts + 1, next_attempt_at = :nextAttemptAt, last_error = :error,
                claim_id = NULL, claimed_until = NULL, possibly_delivered = possibly_delivered OR :possiblyDelivered
            WHERE job_id = :jobId AND claim_id = :claimId
            """;

    private static final String MARK_CLAIMED_OF_TENANT_DELIVERED = """
            UPDATE tenant.tenant_deletion_outbox
            SET delivered_at = :now, last_error = NULL, claim_id = NULL, claimed_until = NULL
            WHERE tenant_id = :tenantId AND claim_id = :claimId
            """;

    private static final String RELEASE_CLAIM_OF_TENANT = """
            UPDATE tenant.tenant_deletion_outbox
            SET claim_id = NULL, claimed_until = NULL, possibly_delivered = true
            WHERE tenant_id = :tenantId AND claim_id = :claimId
            """;

    private static final String DELETE_CLAIMED_OF_TENANT = """
            DELETE FROM tenant.tenant_deletion_outbox
            WHERE tenant_id = :tenantId AND claim_id = :claimId AND delivered_at IS NULL
            """;

    private static final String LATEST_OF_TENANT = """
            SELECT job_id FROM tenant.tenant_deletion_outbox
            WHERE tenant_id = :tenantId
            ORDER BY (job_id = :jobId) DESC, created_at DESC
            LIMIT 1
            FOR UPDATE
            """;

    private static final String REDELIVER = """
            UPDATE tenant.tenant_deletion_outbox
            SET delivered_at = NULL, next_attempt_at = :now, last_error = :reason,
                claim_id = NULL, claimed_until = NULL, possibly_delivered = true
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

    /**
     * Claims the undelivered request due first that nobody is delivering; none when all are due later
     * or claimed. Its own statement: call it outside any transaction.
     */
    Optional<Claim> claimNextDue(Instant now, Duration lease) {
        UUID claimId = UUID.randomUUID();
        return jdbc.sql(CLAIM_NEXT_DUE)
                .param("claimId", claimId)
                .param("leaseMillis", lease.toMillis())
                .param("now", Timestamp.from(now))
                .query((rs, row) -> new Claim(entry(rs, row), claimId))
                .optional();
    }

    /** Claims the job's request if it is undelivered and nobody is delivering it. */
    Optional<Claim> claimUndelivered(UUID jobId, Duration lease) {
        UUID claimId = UUID.randomUUID();
        return jdbc.sql(CLAIM_UNDELIVERED_JOB)
                .param("claimId", claimId)
                .param("leaseMillis", lease.toMillis())
                .param("jobId", jobId)
                .query((rs, row) -> new Claim(entry(rs, row), claimId))
                .optional();
    }

    /**
     * Records the claimed request as delivered.
     *
     * @return false when the claim had been lost meanwhile (it expired and the row was claimed again)
     */
    boolean markDelivered(Claim claim, Instant now) {
        return jdbc.sql(MARK_DELIVERED)
                        .param("jobId", claim.entry().jobId())
                        .param("claimId", claim.claimId())
                        .param("now", Timestamp.from(now))
                        .update()
                == 1;
    }

    /**
     * Records a failed delivery of the claimed request and releases the claim.
     *
     * @param possiblyDelivered the call may have reached the orchestrator anyway
     */
    void markFailed(Claim claim, Instant nextAttemptAt, String error, boolean possiblyDelivered) {
        jdbc.sql(MARK_FAILED)
                .param("jobId", claim.entry().jobId())
                .param("claimId", claim.claimId())
                .param("nextAttemptAt", Timestamp.from(nextAttemptAt))
                .param("error", error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error)
                .param("possiblyDelivered", possiblyDelivered)
                .update();
    }

    /**
     * Locks the tenant's undelivered requests until the transaction ends and says of each whether it
     * is being delivered now and whether the orchestrator may have it. The locks are held only for a
     * short transaction: deliveries hold their rows by claims, not locks.
     */
    List<Undelivered> lockUndelivered(UUID tenantId) {
        return jdbc.sql(LOCK_UNDELIVERED_OF_TENANT)
                .param("tenantId", tenantId)
                .query((rs, row) -> new Undelivered(
                        rs.getObject("job_id", UUID.class),
                        rs.getBoolean("in_flight"),
                        rs.getBoolean("possibly_delivered")))
                .list();
    }

    /** Claims the tenant's undelivered requests for a cancel (call it with them locked, none in flight). */
    UUID claimUndeliveredOf(UUID tenantId, Duration lease) {
        UUID claimId = UUID.randomUUID();
        jdbc.sql(CLAIM_UNDELIVERED_OF_TENANT)
                .param("claimId", claimId)
                .param("leaseMillis", lease.toMillis())
                .param("tenantId", tenantId)
                .update();
        return claimId;
    }

    /** The orchestrator has the job of the claimed requests: they are delivered. */
    void markClaimedDelivered(UUID tenantId, UUID claimId, Instant now) {
        jdbc.sql(MARK_CLAIMED_OF_TENANT_DELIVERED)
                .param("tenantId", tenantId)
                .param("claimId", claimId)
                .param("now", Timestamp.from(now))
                .update();
    }

    /** Releases a cancel's claim after a call with no answer: the requests may have been delivered. */
    void releaseClaim(UUID tenantId, UUID claimId) {
        jdbc.sql(RELEASE_CLAIM_OF_TENANT)
                .param("tenantId", tenantId)
                .param("claimId", claimId)
                .update();
    }

    /** Drops the claimed undelivered requests: the orchestrator has no job for them. */
    int deleteClaimed(UUID tenantId, UUID claimId) {
        return jdbc.sql(DELETE_CLAIMED_OF_TENANT)
                .param("tenantId", tenantId)
                .param("claimId", claimId)
                .update();
    }

    /** Drops the tenant's undelivered requests (their jobs were never created): a cancel. */
    int deleteUndelivered(UUID tenantId) {
        return jdbc.sql(DELETE_UNDELIVERED_OF_TENANT)
                .param("tenantId", tenantId)
                .update();
    }

    /**
     * Makes the tenant's request due for delivery again, now, because the orchestrator does not know
     * its job: the job's own row, or else the tenant's latest (whose job the tenant adopted), locked.
     *
     * @return the job id the request is delivered under, empty when the tenant has no request here
     */
    Optional<UUID> redeliver(UUID tenantId, UUID jobId, Instant now, String reason) {
        Optional<UUID> request = jdbc.sql(LATEST_OF_TENANT)
                .param("tenantId", tenantId)
                .param("jobId", jobId)
                .query(UUID.class)
                .optional();
        request.ifPresent(requestJob -> jdbc.sql(REDELIVER)
                .param("jobId", requestJob)
                .param("now", Timestamp.from(now))
                .param("reason", reason.length() > MAX_ERROR_LENGTH ? reason.substring(0, MAX_ERROR_LENGTH) : reason)
                .update());
        return request;
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

    /**
     * A request claimed for one call to the orchestrator.
     *
     * @param entry the request
     * @param claimId the claim, under which the outcome is recorded
     */
    record Claim(OutboxEntry entry, UUID claimId) {}

    /**
     * An undelivered request, as a cancel sees it.
     *
     * @param jobId its job
     * @param inFlight a delivery holds a claim on it now
     * @param possiblyDelivered a call may have reached the orchestrator: only the orchestrator knows
     *     whether it has the job
     */
    record Undelivered(UUID jobId, boolean inFlight, boolean possiblyDelivered) {}

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
