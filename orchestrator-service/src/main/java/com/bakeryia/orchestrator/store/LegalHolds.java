package com.bakeryia.orchestrator.store;

import com.bakeryia.orchestrator.store.AuditPayload.LegalHoldLifted;
import com.bakeryia.orchestrator.store.AuditPayload.LegalHoldPlaced;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Legal holds on tenants' erasure: the one writer of {@code tenant_legal_hold}. While a tenant has an
 * active hold no step of its job starts ({@link JobStore}'s claim skips the job, and a step's start
 * re-checks the hold under the job row's lock). A hold is placed only while the tenant's active job,
 * if any, has not passed the point of no return (no step ever started); placing it locks that job's
 * row ({@code FOR UPDATE}), which a step's start share-locks, so the two never overlap.
 *
 * <p>Placing, lifting and creating a job of the tenant ({@link JobStore}) each take the tenant's
 * transaction-scoped advisory lock first, so a hold is never placed between a job's creation and its
 * first step without that job seeing it. Each placement and lift is one transaction with its audit
 * event in the chain of the tenant's active job; a hold placed while the tenant had no job is
 * appended to the chain of the tenant's next job when it is created.
 *
 * <p>Answers are records; what they mean for HTTP is the controllers' business.
 */
public class LegalHolds {

    // Two-key advisory locks do not share the key space of the audit chain's one-key locks.
    private static final int TENANT_LOCK_SPACE = 0x4c48; // "LH"

    private static final String LOCK_TENANT = """
            SELECT pg_advisory_xact_lock(:space, hashtext(CAST(:tenantId AS text)))
            """;

    private static final String HOLD_COLUMNS = """
            id, tenant_id, reason, reference, placed_by, placed_at, lifted_by, lifted_at, lift_reason
            """;

    private static final String FIND_ACTIVE_HOLD =
            "SELECT " + HOLD_COLUMNS + " FROM tenant_legal_hold WHERE tenant_id = :tenantId AND lifted_at IS NULL";

    private static final String INSERT_HOLD = """
            INSERT INTO tenant_legal_hold (id, tenant_id, reason, reference, placed_by, placed_at)
            VALUES (:id, :tenantId, :reason, :reference, :placedBy, now())
            RETURNING placed_at
            """;

    private static final String LIFT_HOLD = """
            UPDATE tenant_legal_hold SET lifted_by = :liftedBy, lifted_at = now(), lift_reason = :liftReason
             WHERE tenant_id = :tenantId AND lifted_at IS NULL
            RETURNING\s""" + HOLD_COLUMNS;

    private static final String FIND_HOLDS_OF_TENANTS = "SELECT " + HOLD_COLUMNS
            + " FROM tenant_legal_hold WHERE tenant_id = ANY(:tenantIds) ORDER BY tenant_id, placed_at, id";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final AuditTrail audit;
    private final JobStore jobs;

    LegalHolds(JdbcClient jdbc, TransactionTemplate transactions, AuditTrail audit, JobStore jobs) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.audit = audit;
        this.jobs = jobs;
    }

    /**
     * What a placement did.
     *
     * @param hold the new hold, or the active one that was there; null when refused for the job
     * @param jobId the tenant's active job, if it has one
     * @param startedServices when refused: the services whose step of the job started
     */
    public record Placement(
            @Nullable LegalHold hold,
            PlacementOutcome outcome,
            @Nullable UUID jobId,
            List<String> startedServices) {}

    /** What a placement did. */
    public enum PlacementOutcome {
        /** The hold was placed by this call. */
        PLACED,
        /** The same hold (reason and reference) was active already; nothing was recorded. */
        ALREADY_PLACED,
        /** Another hold (another reason or reference) is active; nothing was recorded. */
        OTHER_HOLD_ACTIVE,
        /** The tenant's active job has passed the point of no return (a step started); nothing was recorded. */
        PAST_POINT_OF_NO_RETURN
    }

    /** Places a hold on the tenant's erasure, unless one is active or its job began erasing. */
    public Placement place(UUID tenantId, String placedBy, String reason, String reference) {
        return transactions.execute(status -> {
            lockTenant(jdbc, tenantId);
            Optional<LegalHold> active = active(tenantId);
            Optional<UUID> job = jobs.lockActiveJob(tenantId);
            if (active.isPresent()) {
                LegalHold hold = active.get();
                boolean same = hold.reason().equals(reason) && hold.reference().equals(reference);
                return new Placement(
                        hold,
                        same ? PlacementOutcome.ALREADY_PLACED : PlacementOutcome.OTHER_HOLD_ACTIVE,
                        job.orElse(null),
                        List.of());
            }
            // A separate statement after the row lock: under READ COMMITTED it sees a step start that
            // committed while this transaction waited for the lock.
            List<String> started = job.map(jobs::startedServices).orElse(List.of());
            if (!started.isEmpty()) {
                return new Placement(null, PlacementOutcome.PAST_POINT_OF_NO_RETURN, job.get(), started);
            }
            UUID id = UUID.randomUUID();
            Instant placedAt = jdbc.sql(INSERT_HOLD)
                    .param("id", id)
                    .param("tenantId", tenantId)
                    .param("reason", reason)
                    .param("reference", reference)
                    .param("placedBy", placedBy)
                    .query((rs, n) -> required(rs, "placed_at"))
                    .single();
            LegalHold hold = new LegalHold(id, tenantId, reason, reference, placedBy, placedAt, null, null, null);
            job.ifPresent(jobId -> audit.append(jobId, placedAt, placed(hold)));
            return new Placement(hold, PlacementOutcome.PLACED, job.orElse(null), List.of());
        });
    }

    /**
     * Lifts the tenant's active hold. The tenant's active job, if any, then runs when due; its deadline
     * is put back by the time it was held while due ({@link JobStore#extendDeadlineAfterHold}), so a
     * hold never makes a job fail for its deadline.
     *
     * @return the lifted hold; empty when the tenant has no active hold
     */
    public Optional<LegalHold> lift(UUID tenantId, String liftedBy, String liftReason) {
        return Optional.ofNullable(transactions.execute(status -> {
            lockTenant(jdbc, tenantId);
            Optional<LegalHold> lifted = jdbc.sql(LIFT_HOLD)
                    .param("tenantId", tenantId)
                    .param("liftedBy", liftedBy)
                    .param("liftReason", liftReason)
                    .query(LegalHolds::hold)
                    .optional();
            if (lifted.isEmpty()) {
                return null;
            }
            LegalHold hold = lifted.get();
            jobs.lockActiveJob(tenantId).ifPresent(jobId -> {
                jobs.extendDeadlineAfterHold(jobId, hold.placedAt());
                audit.append(
                        jobId,
                        hold.liftedAt(),
                        new LegalHoldLifted(
                                hold.id().toString(),
                                tenantId.toString(),
                                liftedBy,
                                liftReason,
                                hold.reference(),
                                hold.placedBy()));
            });
            return hold;
        }));
    }

    /** The tenant's active hold, if any. */
    public Optional<LegalHold> active(UUID tenantId) {
        return activeHold(jdbc, tenantId);
    }

    /** Every hold ever placed on the tenant, oldest first. */
    public List<LegalHold> history(UUID tenantId) {
        return ofTenants(jdbc, new UUID[] {tenantId}).getOrDefault(tenantId, List.of());
    }

    /** The holds of the tenants, oldest first per tenant; for {@link JobStore}'s reads. */
    static Map<UUID, List<LegalHold>> ofTenants(JdbcClient jdbc, UUID[] tenantIds) {
        Map<UUID, List<LegalHold>> holds = new LinkedHashMap<>();
        jdbc.sql(FIND_HOLDS_OF_TENANTS)
                .param("tenantIds", tenantIds)
                .query(LegalHolds::hold)
                .list()
                .forEach(hold -> holds.computeIfAbsent(hold.tenantId(), id -> new ArrayList<>())
                        .add(hold));
        return holds;
    }

    /**
     * Serializes, per tenant, the placing and lifting of holds with the creation of the tenant's jobs,
     * in the caller's transaction.
     */
    static void lockTenant(JdbcClient jdbc, UUID tenantId) {
        jdbc.sql(LOCK_TENANT)
                .param("space", TENANT_LOCK_SPACE)
                .param("tenantId", tenantId)
                .query()
                .singleRow();
    }

    /** The tenant's active hold, in the caller's transaction if there is one. */
    static Optional<LegalHold> activeHold(JdbcClient jdbc, UUID tenantId) {
        return jdbc.sql(FIND_ACTIVE_HOLD)
                .param("tenantId", tenantId)
                .query(LegalHolds::hold)
                .optional();
    }

    /** The LEGAL_HOLD_PLACED event of the hold. */
    static LegalHoldPlaced placed(LegalHold hold) {
        return new LegalHoldPlaced(
                hold.id().toString(),
                hold.tenantId().toString(),
                hold.placedBy(),
                hold.reason(),
                hold.reference(),
                hold.placedAt().toString());
    }

    private static LegalHold hold(ResultSet rs, int row) throws SQLException {
        return new LegalHold(
                rs.getObject("id", UUID.class),
                rs.getObject("tenant_id", UUID.class),
                rs.getString("reason"),
                rs.getString("reference"),
                rs.getString("placed_by"),
                required(rs, "placed_at"),
                rs.getString("lifted_by"),
                instant(rs, "lifted_at"),
                rs.getString("lift_reason"));
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value != null ? value.toInstant() : null;
    }

    private static Instant required(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
