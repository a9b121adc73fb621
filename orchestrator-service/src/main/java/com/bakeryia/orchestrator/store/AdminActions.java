package com.bakeryia.orchestrator.store;

import com.bakeryia.orchestrator.store.AuditPayload.AdminActionApproved;
import com.bakeryia.orchestrator.store.AuditPayload.AdminActionRequested;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
 * Four eyes for administrators: the one writer of {@code deletion_admin_request}. An administrator's
 * action (creating a job without the owner's request, cancelling, putting forward) is recorded as a
 * request and does nothing until a second, different administrator approves it; the approval applies
 * it through {@link JobStore} (the one writer of the job) in the same transaction. Every request and
 * every approval is written in the transaction of its audit event ({@code ADMIN_ACTION_REQUESTED},
 * {@code ADMIN_ACTION_APPROVED}).
 *
 * <p>Answers are records; what they mean for HTTP is the controllers' business.
 */
public class AdminActions {

    private static final String INSERT_REQUEST = """
            INSERT INTO deletion_admin_request (id, job_id, action, requested_by, reason, not_before, requested_at)
            VALUES (:id, :jobId, :action, :requestedBy, :reason, :notBefore, now())
            ON CONFLICT (job_id, action) WHERE approved_at IS NULL DO NOTHING
            RETURNING requested_at
            """;

    private static final String REQUEST_COLUMNS = """
            id, job_id, action, requested_by, reason, not_before, requested_at, approved_by, approved_at
            """;

    private static final String FIND_PENDING_REQUEST = "SELECT " + REQUEST_COLUMNS + " FROM deletion_admin_request"
            + " WHERE job_id = :jobId AND action = :action AND approved_at IS NULL";

    private static final String LOCK_REQUEST =
            "SELECT " + REQUEST_COLUMNS + " FROM deletion_admin_request WHERE id = :id AND job_id = :jobId FOR UPDATE";

    private static final String APPROVE_REQUEST = """
            UPDATE deletion_admin_request SET approved_by = :approvedBy, approved_at = now()
             WHERE id = :id AND approved_at IS NULL
            RETURNING approved_at
            """;

    private static final String FIND_REQUESTS_OF_JOBS = "SELECT " + REQUEST_COLUMNS
            + " FROM deletion_admin_request WHERE job_id = ANY(:jobIds) ORDER BY job_id, requested_at, id";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final AuditTrail audit;
    private final JobStore jobs;

    AdminActions(JdbcClient jdbc, TransactionTemplate transactions, AuditTrail audit, JobStore jobs) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.audit = audit;
        this.jobs = jobs;
    }

    /**
     * What a request did.
     *
     * @param job the job after the request
     * @param request the new request, or the pending one of the same action that refused it
     */
    public record Requested(DeletionJob job, AdminAction request, RequestOutcome outcome) {}

    /** What a request did. */
    public enum RequestOutcome {
        /** The request was recorded; it waits for a second administrator. */
        REQUESTED,
        /** A request of the same action on the job already waits for approval; nothing was recorded. */
        ALREADY_PENDING
    }

    /**
     * Creates the job awaiting approval, with the request to create it, in one transaction; an
     * existing job with the id, or the tenant's active job, is answered instead and nothing is
     * requested.
     *
     * @param job the job, whose {@code reason} is the request's (required) and {@code caller} the requester
     */
    public JobStore.Creation requestCreation(NewDeletionJob job) {
        String reason = required(job.reason());
        NewDeletionJob awaiting = new NewDeletionJob(
                job.id(), job.tenantId(), job.requestedBy(), reason, job.notBefore(), job.caller(), true);
        return jobs.create(
                awaiting,
                (jobId, now) -> insert(jobId, AdminActionType.CREATE, job.caller(), reason, null)
                        .orElseThrow(() -> new IllegalStateException("A new job " + jobId + " has a pending request")));
    }

    /** Records a request to cancel the job (whose cancellability the caller checked). */
    public Requested requestCancel(UUID jobId, String requestedBy, String reason) {
        return request(jobId, AdminActionType.CANCEL, requestedBy, reason, null);
    }

    /** Records a request to put the job forward to {@code notBefore} (which the caller checked is earlier). */
    public Requested requestExpedite(UUID jobId, String requestedBy, String reason, Instant notBefore) {
        return request(jobId, AdminActionType.EXPEDITE, requestedBy, reason, notBefore);
    }

    private Requested request(
            UUID jobId, AdminActionType action, String requestedBy, String reason, @Nullable Instant notBefore) {
        Optional<AdminAction> created =
                transactions.execute(status -> insert(jobId, action, requestedBy, reason, notBefore));
        DeletionJob job = jobs.find(jobId).orElseThrow();
        if (created != null && created.isPresent()) {
            return new Requested(job, created.get(), RequestOutcome.REQUESTED);
        }
        AdminAction pending = jdbc.sql(FIND_PENDING_REQUEST)
                .param("jobId", jobId)
                .param("action", action.name())
                .query(AdminActions::action)
                .optional()
                // Approved between the insert and this read: the caller may simply ask again.
                .orElseThrow(() -> new IllegalStateException("Concurrent approval of a " + action + " request"));
        return new Requested(job, pending, RequestOutcome.ALREADY_PENDING);
    }

    private Optional<AdminAction> insert(
            UUID jobId, AdminActionType action, String requestedBy, String reason, @Nullable Instant notBefore) {
        UUID requestId = UUID.randomUUID();
        Optional<Instant> requestedAt = jdbc.sql(INSERT_REQUEST)
                .param("id", requestId)
                .param("jobId", jobId)
                .param("action", action.name())
                .param("requestedBy", requestedBy)
                .param("reason", required(reason))
                .param("notBefore", notBefore != null ? notBefore.atOffset(ZoneOffset.UTC) : null)
                .query((rs, n) -> required(rs, "requested_at"))
                .optional();
        requestedAt.ifPresent(at -> audit.append(
                jobId,
                at,
                new AdminActionRequested(
                        requestId.toString(),
                        action.name(),
                        requestedBy,
                        reason,
                        notBefore != null ? notBefore.toString() : null)));
        return requestedAt.map(
                at -> new AdminAction(requestId, jobId, action, requestedBy, reason, notBefore, at, null, null));
    }

    /**
     * The outcome of an approval.
     *
     * @param job the job after the approval (or as it was, when refused)
     * @param request the request, as approved (or as it was)
     */
    public record Approval(DeletionJob job, AdminAction request, ApprovalOutcome outcome) {}

    /** What an approval did. */
    public enum ApprovalOutcome {
        /** Approved and applied in one transaction. */
        APPROVED,
        /** The approver is the requester: four eyes need a second administrator. Nothing changed. */
        SAME_ADMINISTRATOR,
        /** The request was approved before. Nothing changed. */
        ALREADY_APPROVED,
        /**
         * The job's state no longer allows the action (it started, is due, ended or was cancelled).
         * Nothing changed; the request stays pending.
         */
        NO_LONGER_APPLIES
    }

    /**
     * Approves the request by a second administrator and applies its action in the same transaction.
     *
     * @return empty when the job has no such request
     */
    public Optional<Approval> approve(UUID jobId, UUID requestId, String approvedBy) {
        record Result(AdminAction request, ApprovalOutcome outcome) {}
        Result result = transactions.execute(status -> {
            Optional<AdminAction> locked = jdbc.sql(LOCK_REQUEST)
                    .param("id", requestId)
                    .param("jobId", jobId)
                    .query(AdminActions::action)
                    .optional();
            if (locked.isEmpty()) {
                return null;
            }
            AdminAction request = locked.get();
            if (!request.pending()) {
                return new Result(request, ApprovalOutcome.ALREADY_APPROVED);
            }
            if (request.requestedBy().equals(approvedBy)) {
                return new Result(request, ApprovalOutcome.SAME_ADMINISTRATOR);
            }
            Instant approvedAt = jdbc.sql(APPROVE_REQUEST)
                    .param("id", requestId)
                    .param("approvedBy", approvedBy)
                    .query((rs, n) -> required(rs, "approved_at"))
                    .single();
            audit.append(
                    jobId,
                    approvedAt,
                    new AdminActionApproved(
                            requestId.toString(),
                            request.action().name(),
                            approvedBy,
                            request.requestedBy(),
                            request.reason(),
                            request.notBefore() != null ? request.notBefore().toString() : null));
            boolean applied = switch (request.action()) {
                case CREATE -> jobs.releaseApproved(jobId).isPresent();
                case CANCEL ->
                    jobs.cancelUnstarted(jobId, request.requestedBy()).isPresent();
                case EXPEDITE -> jobs.expedite(jobId, request.notBefore()).isPresent();
            };
            if (!applied) {
                status.setRollbackOnly();
                return new Result(request, ApprovalOutcome.NO_LONGER_APPLIES);
            }
            return new Result(
                    new AdminAction(
                            request.requestId(),
                            jobId,
                            request.action(),
                            request.requestedBy(),
                            request.reason(),
                            request.notBefore(),
                            request.requestedAt(),
                            approvedBy,
                            approvedAt),
                    ApprovalOutcome.APPROVED);
        });
        if (result == null) {
            return Optional.empty();
        }
        return Optional.of(new Approval(jobs.find(jobId).orElseThrow(), result.request(), result.outcome()));
    }

    /** The requests of the jobs, oldest first per job; for {@link JobStore}'s reads. */
    static Map<UUID, List<AdminAction>> ofJobs(JdbcClient jdbc, UUID[] jobIds) {
        Map<UUID, List<AdminAction>> requests = new LinkedHashMap<>();
        jdbc.sql(FIND_REQUESTS_OF_JOBS)
                .param("jobIds", jobIds)
                .query(AdminActions::action)
                .list()
                .forEach(request -> requests.computeIfAbsent(request.jobId(), id -> new ArrayList<>())
                        .add(request));
        return requests;
    }

    private static AdminAction action(ResultSet rs, int row) throws SQLException {
        return new AdminAction(
                rs.getObject("id", UUID.class),
                rs.getObject("job_id", UUID.class),
                AdminActionType.valueOf(rs.getString("action")),
                rs.getString("requested_by"),
                rs.getString("reason"),
                instant(rs, "not_before"),
                required(rs, "requested_at"),
                rs.getString("approved_by"),
                instant(rs, "approved_at"));
    }

    private static String required(@Nullable String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("An administrator's request needs a reason");
        }
        return reason;
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value != null ? value.toInstant() : null;
    }

    private static Instant required(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
