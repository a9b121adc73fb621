package com.bakeryia.orchestrator.store;

import com.bakeryia.deletion.api.DeletionResult;
import com.bakeryia.deletion.api.DeletionResult.ErasedBefore;
import com.bakeryia.orchestrator.registry.ServiceEndpoint;
import com.bakeryia.orchestrator.registry.ServiceRegistry;
import com.bakeryia.orchestrator.store.AuditPayload.JobCancelled;
import com.bakeryia.orchestrator.store.AuditPayload.JobClaimed;
import com.bakeryia.orchestrator.store.AuditPayload.JobCompleted;
import com.bakeryia.orchestrator.store.AuditPayload.JobCreated;
import com.bakeryia.orchestrator.store.AuditPayload.JobFailed;
import com.bakeryia.orchestrator.store.AuditPayload.JobHeld;
import com.bakeryia.orchestrator.store.AuditPayload.JobRetried;
import com.bakeryia.orchestrator.store.AuditPayload.JobRetrying;
import com.bakeryia.orchestrator.store.AuditPayload.StepFailed;
import com.bakeryia.orchestrator.store.AuditPayload.StepRetryScheduled;
import com.bakeryia.orchestrator.store.AuditPayload.StepSucceeded;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one writer of {@code deletion_job} and {@code deletion_step}, and through {@link AuditTrail}
 * of {@code deletion_audit_event}: every change of a job is one transaction that also appends
 * the audit event recording it.
 *
 * <ul>
 *   <li>For the API: creation (idempotent on the job id and on the tenant), reads, retry and
 *       cancel. Creating a due job or retrying one publishes {@link DeletionJobsDue} in its
 *       transaction.
 *   <li>For {@link AdminActions}, in its transactions: creating a job that awaits approval, and
 *       applying an approved action (letting workers claim the job, putting it forward, cancelling it).
 *   <li>For workers: claims, heartbeats and every write under a {@link JobLease}, fenced by it:
 *       each write runs in a transaction that first share-locks the job row under the worker's
 *       owner, lease version, IN_PROGRESS and an unexpired lease, and throws {@link
 *       LeaseLostException} when that row is gone. A claim by another worker takes the row lock
 *       exclusively, so it waits for a fenced write in flight and every later fenced write of the
 *       old worker finds nothing.
 * </ul>
 *
 * Every time it writes or compares (due times, leases, deadlines, the audit events' {@code at}) is
 * PostgreSQL's {@code now()}, never a host's clock, so instances whose clocks disagree still agree
 * on who holds a job and when it is due; durations are passed as parameters. The states and their
 * transitions are the contract's "Job state machine".
 *
 * <p>Answers are records and {@link Optional}s; what they mean for HTTP is the controllers' business.
 */
public class JobStore {

    /** The largest page {@link #list} answers. */
    public static final int MAX_PAGE_SIZE = 100;

    private static final String INSERT_JOB = """
            INSERT INTO deletion_job (id, tenant_id, status, requested_by, reason, not_before, created_at, updated_at,
                                      deadline_at, awaiting_approval)
            VALUES (:id, :tenantId, 'PENDING', :requestedBy, :reason, COALESCE(CAST(:notBefore AS timestamptz), now()),
                    now(), now(),
                    greatest(now(), COALESCE(CAST(:notBefore AS timestamptz), now()))
                        + make_interval(secs => :deadlineSeconds),
                    :awaitingApproval)
            ON CONFLICT DO NOTHING
            RETURNING not_before, not_before <= now() AS due, now() AS now
            """;

    private static final String INSERT_STEP = """
            INSERT INTO deletion_step (job_id, service_name, position, final_step, status)
            VALUES (:jobId, :serviceName, :position, :finalStep, 'PENDING')
            """;

    private static final String JOB_COLUMNS = """
            id, tenant_id, status, requested_by, reason, not_before, created_at, started_at, finished_at, attempt, error,
            deadline_at, next_attempt_at, retrying_since, failure_reason, awaiting_approval
            """;

    private static final String FIND_JOB = "SELECT " + JOB_COLUMNS + " FROM deletion_job WHERE id = :id";

    private static final String FIND_ACTIVE_JOB_OF_TENANT = """
            SELECT id FROM deletion_job
             WHERE tenant_id = :tenantId AND status IN ('PENDING', 'IN_PROGRESS', 'RETRYING', 'FAILED')
            """;

    /** A job of the tenant COMPLETED, or one not CANCELLED with a step that ever started: the point of no return. */
    private static final String ERASURE_BEGUN = """
            SELECT EXISTS (
                SELECT 1 FROM deletion_job j
                 WHERE j.tenant_id = :tenantId
                   AND (j.status = 'COMPLETED'
                        OR (j.status <> 'CANCELLED'
                            AND EXISTS (SELECT 1 FROM deletion_step s
                                         WHERE s.job_id = j.id AND s.started_at IS NOT NULL))))
            """;

    private static final String LOCK_ACTIVE_JOB_OF_TENANT = """
            SELECT id FROM deletion_job
             WHERE tenant_id = :tenantId AND status IN ('PENDING', 'IN_PROGRESS', 'RETRYING', 'FAILED')
               FOR UPDATE
            """;

    private static final String FIND_STARTED_STEPS = """
            SELECT service_name FROM deletion_step WHERE job_id = :jobId AND started_at IS NOT NULL ORDER BY position
            """;

    // The time the job was held while due does not count toward its deadline.
    private static final String EXTEND_DEADLINE_AFTER_HOLD = """
            UPDATE deletion_job
               SET deadline_at = deadline_at
                       + greatest(interval '0', now() - greatest(CAST(:placedAt AS timestamptz), not_before, created_at)),
                   updated_at = now()
             WHERE id = :id AND status IN ('PENDING', 'IN_PROGRESS', 'RETRYING')
            RETURNING now() AS now, status = 'PENDING' AND not_before <= now() AND NOT awaiting_approval AS due
            """;

    // Not under the fenced share lock: the job's parallel steps each hold one, and two of them upgrading
    // theirs to this update would deadlock. The first of them to find the hold releases the job.
    private static final String RELEASE_HELD_JOB = """
            UPDATE deletion_job
               SET status = 'PENDING', lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
             WHERE id = :id AND lease_owner = :owner AND lease_version = :version AND status = 'IN_PROGRESS'
            RETURNING now() AS now
            """;

    private static final String FIND_STEPS = """
            SELECT job_id, service_name, final_step, status, attempts, retries, deleted_counts::text AS deleted_counts,
                   errors::text AS errors, last_error, next_attempt_at, erased_before::text AS erased_before,
                   failure_reason, verified, started_at, finished_at, duration_ms
              FROM deletion_step
             WHERE job_id = ANY(:jobIds)
             ORDER BY job_id, position
            """;

    private static final String LIST_JOBS = "SELECT " + JOB_COLUMNS + """
              FROM deletion_job
             WHERE (CAST(:tenantId AS uuid) IS NULL OR tenant_id = CAST(:tenantId AS uuid))
               AND (CAST(:status AS text) IS NULL OR status = CAST(:status AS text))
             ORDER BY created_at DESC, id
             LIMIT :limit OFFSET :offset
            """;

    private static final String COUNT_JOBS = """
            SELECT count(*) FROM deletion_job
             WHERE (CAST(:tenantId AS uuid) IS NULL OR tenant_id = CAST(:tenantId AS uuid))
               AND (CAST(:status AS text) IS NULL OR status = CAST(:status AS text))
            """;

    private static final String RESUME_FAILED_JOB = """
            UPDATE deletion_job
               SET status = 'PENDING', error = NULL, failure_reason = NULL, finished_at = NULL, lease_owner = NULL,
                   lease_expires_at = NULL, next_attempt_at = NULL, retrying_since = NULL,
                   deadline_at = now() + make_interval(secs => :deadlineSeconds), updated_at = now()
             WHERE id = :id AND status = 'FAILED'
            RETURNING now() AS now
            """;

    private static final String RESET_UNFINISHED_STEPS = """
            UPDATE deletion_step
               SET status = 'PENDING', retries = 0, next_attempt_at = NULL, failure_reason = NULL
             WHERE job_id = :id AND status IN ('FAILED', 'IN_PROGRESS', 'RETRYING')
            RETURNING service_name
            """;

    // The point of no return: a step that ever started (started_at is never cleared) makes the job uncancellable.
    private static final String CANCEL_UNSTARTED_JOB = """
            UPDATE deletion_job SET status = 'CANCELLED', finished_at = now(), updated_at = now()
             WHERE id = :id AND status IN ('PENDING', 'FAILED')
               AND NOT EXISTS (SELECT 1 FROM deletion_step WHERE job_id = :id AND started_at IS NOT NULL)
            RETURNING now() AS now
            """;

    private static final String RELEASE_APPROVED_JOB = """
            UPDATE deletion_job
               SET awaiting_approval = false, updated_at = now(),
                   deadline_at = greatest(now(), not_before) + make_interval(secs => :deadlineSeconds)
             WHERE id = :id AND status = 'PENDING' AND awaiting_approval
            RETURNING now() AS now, not_before <= now() AS due
            """;

    // Only a job that is not yet due can be put forward, and only to an earlier time.
    private static final String EXPEDITE_JOB = """
            UPDATE deletion_job
               SET not_before = :notBefore, updated_at = now(),
                   deadline_at = greatest(now(), :notBefore) + make_interval(secs => :deadlineSeconds)
             WHERE id = :id AND status = 'PENDING' AND not_before > now() AND :notBefore < not_before
            RETURNING now() AS now, not_before <= now() AND NOT awaiting_approval AS due
            """;

    private static final int MAX_CREATE_ROUNDS = 5;
    private static final TypeReference<LinkedHashMap<String, Long>> COUNTS = new TypeReference<>() {};
    private static final TypeReference<List<String>> ERRORS = new TypeReference<>() {};

    private static final String CLAIM_NEXT_DUE_JOB = """
            UPDATE deletion_job
               SET status = 'IN_PROGRESS', lease_owner = :owner,
                   lease_expires_at = now() + make_interval(secs => :leaseSeconds),
                   lease_version = lease_version + 1, attempt = attempt + 1,
                   started_at = COALESCE(started_at, now()), next_attempt_at = NULL, updated_at = now()
             WHERE id = (SELECT id FROM deletion_job
                          WHERE ((status = 'PENDING' AND not_before <= now() AND NOT awaiting_approval)
                                 OR (status = 'IN_PROGRESS' AND lease_expires_at <= now())
                                 OR (status = 'RETRYING' AND (next_attempt_at <= now() OR deadline_at <= now())))
                            AND NOT EXISTS (SELECT 1 FROM tenant_legal_hold hold
                                             WHERE hold.tenant_id = deletion_job.tenant_id AND hold.lifted_at IS NULL)
                          ORDER BY COALESCE(next_attempt_at, not_before), created_at
                          LIMIT 1
                          FOR UPDATE SKIP LOCKED)
            RETURNING id, tenant_id, lease_version, attempt, started_at, now() AS now, deadline_at <= now() AS deadline_passed
            """;

    private static final String RENEW_LEASE = """
            UPDATE deletion_job SET lease_expires_at = now() + make_interval(secs => :leaseSeconds), updated_at = now()
             WHERE id = :id AND lease_owner = :owner AND lease_version = :version
               AND status = 'IN_PROGRESS' AND lease_expires_at > now()
            RETURNING lease_expires_at
            """;

    private static final String RELEASE_LEASE = """
            UPDATE deletion_job SET lease_expires_at = now(), updated_at = now()
             WHERE id = :id AND lease_owner = :owner AND lease_version = :version AND status = 'IN_PROGRESS'
            """;

    private static final String HOLD_LEASE = """
            SELECT now() FROM deletion_job
             WHERE id = :id AND lease_owner = :owner AND lease_version = :version
               AND status = 'IN_PROGRESS' AND lease_expires_at > now()
               FOR SHARE
            """;

    private static final String START_STEP = """
            UPDATE deletion_step
               SET status = 'IN_PROGRESS', started_at = now(), next_attempt_at = NULL, finished_at = NULL,
                   duration_ms = NULL
             WHERE job_id = :jobId AND service_name = :service AND status IN ('PENDING', 'IN_PROGRESS', 'RETRYING')
            """;

    private static final String COUNT_ATTEMPT = """
            UPDATE deletion_step SET attempts = attempts + 1
             WHERE job_id = :jobId AND service_name = :service AND status = 'IN_PROGRESS'
            """;

    private static final String SUCCEED_STEP = """
            UPDATE deletion_step
               SET status = 'SUCCEEDED', deleted_counts = CAST(:counts AS json),
                   erased_before = CAST(CAST(:erasedBefore AS text) AS jsonb), verified = true,
                   next_attempt_at = NULL, failure_reason = NULL, finished_at = now(), duration_ms = :durationMs
             WHERE job_id = :jobId AND service_name = :service AND status = 'IN_PROGRESS'
            """;

    private static final String FAIL_STEP = """
            UPDATE deletion_step
               SET status = 'FAILED', failure_reason = :reason, last_error = :error,
                   errors = errors || jsonb_build_array(CAST(:error AS text)), next_attempt_at = NULL,
                   finished_at = now(), duration_ms = :durationMs
             WHERE job_id = :jobId AND service_name = :service AND status <> 'SUCCEEDED'
            """;

    private static final String SCHEDULE_STEP_RETRY = """
            UPDATE deletion_step
               SET status = 'RETRYING', retries = retries + :counted,
                   next_attempt_at = now() + make_interval(secs => :delaySeconds), last_error = :error,
                   errors = errors || jsonb_build_array(CAST(:error AS text)), finished_at = now(),
                   duration_ms = :durationMs
             WHERE job_id = :jobId AND service_name = :service AND status = 'IN_PROGRESS'
            RETURNING next_attempt_at, retries
            """;

    private static final String COMPLETE_JOB = """
            UPDATE deletion_job
               SET status = 'COMPLETED', error = NULL, failure_reason = NULL, next_attempt_at = NULL,
                   retrying_since = NULL, finished_at = now(), lease_expires_at = NULL, updated_at = now()
             WHERE id = :id
            """;

    private static final String FAIL_JOB = """
            UPDATE deletion_job
               SET status = 'FAILED', error = :error, failure_reason = :reason, next_attempt_at = NULL,
                   retrying_since = NULL, finished_at = now(), lease_expires_at = NULL, updated_at = now()
             WHERE id = :id
            """;

    private static final String RETRY_JOB_LATER = """
            UPDATE deletion_job
               SET status = 'RETRYING',
                   next_attempt_at = (SELECT min(next_attempt_at) FROM deletion_step
                                       WHERE job_id = :id AND status = 'RETRYING'),
                   retrying_since = COALESCE(retrying_since, now()), lease_expires_at = NULL, updated_at = now()
             WHERE id = :id
            RETURNING next_attempt_at
            """;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final AuditTrail audit;
    private final ServiceRegistry registry;
    private final ObjectMapper objectMapper;
    private final ApplicationEventPublisher events;
    private final JobsProperties properties;

    JobStore(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            AuditTrail audit,
            ServiceRegistry registry,
            ObjectMapper objectMapper,
            ApplicationEventPublisher events,
            JobsProperties properties) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.audit = audit;
        this.registry = registry;
        this.objectMapper = objectMapper;
        this.events = events;
        this.properties = properties;
    }

    /**
     * The outcome of a creation.
     *
     * @param job the created job, the one that already had the id, or the tenant's active job
     */
    public record Creation(DeletionJob job, CreationOutcome outcome) {}

    /** What a creation did. */
    public enum CreationOutcome {
        /** The job was created by this call. */
        CREATED,
        /** The job with the id, or the tenant's active job, already existed. */
        EXISTED,
        /** The id belongs to a job of another tenant; nothing was created. */
        ID_OF_ANOTHER_TENANT
    }

    /**
     * The outcome of a state change asked for by a caller (retry, cancel).
     *
     * @param job the job after the attempt
     * @param outcome whether its state allowed the change
     */
    public record StateChange(DeletionJob job, ChangeOutcome outcome) {

        /** Whether this call changed the job. */
        public boolean changed() {
            return outcome == ChangeOutcome.CHANGED;
        }
    }

    /** What a retry or cancel did. */
    public enum ChangeOutcome {
        /** The job changed as asked. */
        CHANGED,
        /** The job already was where the request would put it (a second cancel); nothing changed. */
        ALREADY,
        /** The job's state does not allow the change; nothing changed. */
        REFUSED
    }

    /** A step's next attempt, as scheduled. */
    public record ScheduledRetry(Instant nextAttemptAt, int retries) {}

    /**
     * Creates the job with one step per enabled service, unless the id is taken or the tenant
     * already has an active (PENDING, IN_PROGRESS, RETRYING or FAILED) job: then that job is returned.
     */
    public Creation create(NewDeletionJob request) {
        return create(request, (jobId, now) -> {});
    }

    /** What else a creation writes in its transaction, given the job id and PostgreSQL's now(). */
    interface CreationHook {
        void created(UUID jobId, Instant now);
    }

    /** {@link #create(NewDeletionJob)}, running {@code alsoWrite} in the transaction that inserts the job. */
    Creation create(NewDeletionJob request, CreationHook alsoWrite) {
        for (int round = 0; round < MAX_CREATE_ROUNDS; round++) {
            // Read in the inserting transaction: once it commits, this instance's worker may claim the job
            // at once, and the answer is the job as created.
            DeletionJob created = transactions.execute(
                    status -> insert(request, alsoWrite) ? find(request.id()).orElseThrow() : null);
            if (created != null) {
                return new Creation(created, CreationOutcome.CREATED);
            }
            Optional<DeletionJob> sameId = find(request.id());
            if (sameId.isPresent()) {
                return new Creation(
                        sameId.get(),
                        sameId.get().tenantId().equals(request.tenantId())
                                ? CreationOutcome.EXISTED
                                : CreationOutcome.ID_OF_ANOTHER_TENANT);
            }
            Optional<UUID> active = jdbc.sql(FIND_ACTIVE_JOB_OF_TENANT)
                    .param("tenantId", request.tenantId())
                    .query(UUID.class)
                    .optional();
            Optional<DeletionJob> activeJob = active.flatMap(this::find);
            if (activeJob.isPresent()) {
                return new Creation(activeJob.get(), CreationOutcome.EXISTED);
            }
        }
        throw new IllegalStateException("Could not create or find deletion job " + request.id() + " after "
                + MAX_CREATE_ROUNDS + " rounds of concurrent changes");
    }

    private record Inserted(Instant notBefore, boolean due, Instant now) {}

    private boolean insert(NewDeletionJob request, CreationHook alsoWrite) {
        LegalHolds.lockTenant(jdbc, request.tenantId());
        Optional<Inserted> inserted = jdbc.sql(INSERT_JOB)
                .param("id", request.id())
                .param("tenantId", request.tenantId())
                .param("requestedBy", request.requestedBy())
                .param("reason", request.reason())
                .param("notBefore", request.notBefore() != null ? utc(request.notBefore()) : null)
                .param("deadlineSeconds", seconds(properties.deadline()))
                .param("awaitingApproval", request.awaitingApproval())
                .query((rs, n) -> new Inserted(required(rs, "not_before"), rs.getBoolean("due"), required(rs, "now")))
                .optional();
        if (inserted.isEmpty()) {
            return false;
        }
        List<String> services = new ArrayList<>();
        int position = 0;
        for (ServiceEndpoint step : registry.steps()) {
            jdbc.sql(INSERT_STEP)
                    .param("jobId", request.id())
                    .param("serviceName", step.name())
                    .param("position", position++)
                    .param("finalStep", step.finalStep())
                    .update();
            services.add(step.name());
        }
        audit.append(
                request.id(),
                inserted.get().now(),
                new JobCreated(
                        request.tenantId().toString(),
                        request.requestedBy(),
                        request.reason(),
                        inserted.get().notBefore().toString(),
                        services,
                        request.caller()));
        LegalHolds.activeHold(jdbc, request.tenantId())
                .ifPresent(hold -> audit.append(request.id(), inserted.get().now(), LegalHolds.placed(hold)));
        alsoWrite.created(request.id(), inserted.get().now());
        if (inserted.get().due() && !request.awaitingApproval()) {
            events.publishEvent(new DeletionJobsDue(request.id()));
        }
        return true;
    }

    /** The job with its steps, if it exists. */
    public Optional<DeletionJob> find(UUID id) {
        return jdbc.sql(FIND_JOB)
                .param("id", id)
                .query(this::job)
                .optional()
                .map(job -> withSteps(List.of(job)).get(0));
    }

    /** The job a lease is held on, with its steps. */
    public DeletionJob find(JobLease lease) {
        return find(lease.jobId()).orElseThrow(() -> new LeaseLostException(lease));
    }

    /**
     * Whether the tenant's erasure has passed the point of no return (a step of a job not cancelled
     * has started) or is done: its data may no longer be complete anywhere.
     */
    public boolean erasureBegun(UUID tenantId) {
        return Boolean.TRUE.equals(jdbc.sql(ERASURE_BEGUN)
                .param("tenantId", tenantId)
                .query(Boolean.class)
                .single());
    }

    /** A page of jobs, newest first, optionally only one tenant's or one status's. */
    public JobPage list(@Nullable UUID tenantId, @Nullable JobStatus status, int page, int size) {
        String statusName = status != null ? status.name() : null;
        List<DeletionJob> jobs = jdbc.sql(LIST_JOBS)
                .param("tenantId", tenantId)
                .param("status", statusName)
                .param("limit", size)
                .param("offset", (long) page * size)
                .query(this::job)
                .list();
        long total = jdbc.sql(COUNT_JOBS)
                .param("tenantId", tenantId)
                .param("status", statusName)
                .query(Long.class)
                .single();
        return new JobPage(withSteps(jobs), page, size, total);
    }

    /** One page of a listing. */
    public record JobPage(List<DeletionJob> jobs, int page, int size, long totalItems) {}

    /**
     * Puts a FAILED job back to PENDING with its failed (and interrupted or retrying) steps, their
     * retry counts reset, and a new deadline from now; succeeded steps stay succeeded and are not
     * called again.
     *
     * @return empty when there is no such job; else the job, changed unless it was not FAILED
     */
    public Optional<StateChange> retry(UUID id, String requestedBy) {
        // The resumed job is read in the resuming transaction: once it commits, a worker may claim it at once.
        DeletionJob resumed = transactions.execute(status -> {
            Optional<Instant> now = jdbc.sql(RESUME_FAILED_JOB)
                    .param("id", id)
                    .param("deadlineSeconds", seconds(properties.deadline()))
                    .query((rs, n) -> required(rs, "now"))
                    .optional();
            if (now.isEmpty()) {
                return null;
            }
            List<String> reset = jdbc.sql(RESET_UNFINISHED_STEPS)
                    .param("id", id)
                    .query(String.class)
                    .list();
            audit.append(id, now.get(), new JobRetried(requestedBy, reset));
            events.publishEvent(new DeletionJobsDue(id));
            return find(id).orElseThrow();
        });
        if (resumed != null) {
            return Optional.of(new StateChange(resumed, ChangeOutcome.CHANGED));
        }
        return find(id).map(job -> new StateChange(job, ChangeOutcome.REFUSED));
    }

    /**
     * Cancels a job that no step of has ever started (PENDING, or FAILED before any call): the point
     * of no return is the first step's start. Cancelling a CANCELLED job changes nothing.
     *
     * @return empty when there is no such job; else the job, and whether this call cancelled it, it
     *     already was, or its state refused it
     */
    public Optional<StateChange> cancel(UUID id, String requestedBy) {
        boolean cancelled = Boolean.TRUE.equals(
                transactions.execute(status -> cancelUnstarted(id, requestedBy).isPresent()));
        return find(id).map(job -> new StateChange(
                job,
                cancelled
                        ? ChangeOutcome.CHANGED
                        : job.status() == JobStatus.CANCELLED ? ChangeOutcome.ALREADY : ChangeOutcome.REFUSED));
    }

    /** Cancels the job if no step of it ever started, in the caller's transaction; PostgreSQL's now() if so. */
    Optional<Instant> cancelUnstarted(UUID id, String requestedBy) {
        Optional<Instant> now = jdbc.sql(CANCEL_UNSTARTED_JOB)
                .param("id", id)
                .query((rs, n) -> required(rs, "now"))
                .optional();
        now.ifPresent(at -> audit.append(id, at, new JobCancelled(requestedBy)));
        return now;
    }

    /** The tenant's active job, locked ({@code FOR UPDATE}) in the caller's transaction. */
    Optional<UUID> lockActiveJob(UUID tenantId) {
        return jdbc.sql(LOCK_ACTIVE_JOB_OF_TENANT)
                .param("tenantId", tenantId)
                .query(UUID.class)
                .optional();
    }

    /** The services whose step of the job ever started: the point of no return, in the caller's transaction. */
    List<String> startedServices(UUID jobId) {
        return jdbc.sql(FIND_STARTED_STEPS)
                .param("jobId", jobId)
                .query(String.class)
                .list();
    }

    /**
     * A hold placed at {@code placedAt} was lifted: puts the job's deadline back by the time the job
     * was held while due (since the later of the hold, its creation and its not_before), in the caller's
     * transaction; a job due now is claimed at once after the commit.
     */
    void extendDeadlineAfterHold(UUID jobId, Instant placedAt) {
        record Changed(Instant now, boolean due) {}
        jdbc.sql(EXTEND_DEADLINE_AFTER_HOLD)
                .param("id", jobId)
                .param("placedAt", utc(placedAt))
                .query((rs, n) -> new Changed(required(rs, "now"), rs.getBoolean("due")))
                .optional()
                .filter(Changed::due)
                .ifPresent(due -> events.publishEvent(new DeletionJobsDue(jobId)));
    }

    /**
     * Lets workers claim an approved job an administrator created, in the caller's transaction, with a
     * deadline counted from now if it is already due; empty when it is not PENDING and awaiting approval.
     */
    Optional<Instant> releaseApproved(UUID id) {
        return dueChange(jdbc.sql(RELEASE_APPROVED_JOB).param("id", id), id);
    }

    /**
     * Puts a PENDING job that is not yet due forward to an earlier not_before, in the caller's
     * transaction; empty when the job is due, started or already earlier.
     */
    Optional<Instant> expedite(UUID id, Instant notBefore) {
        return dueChange(jdbc.sql(EXPEDITE_JOB).param("id", id).param("notBefore", utc(notBefore)), id);
    }

    private Optional<Instant> dueChange(JdbcClient.StatementSpec update, UUID id) {
        record Changed(Instant now, boolean due) {}
        Optional<Changed> changed = update.param("deadlineSeconds", seconds(properties.deadline()))
                .query((rs, n) -> new Changed(required(rs, "now"), rs.getBoolean("due")))
                .optional();
        changed.filter(Changed::due).ifPresent(due -> events.publishEvent(new DeletionJobsDue(id)));
        return changed.map(Changed::now);
    }

    /**
     * Claims the next due job (see the state machine): a PENDING one whose {@code not_before} has
     * passed and that awaits no administrator's approval, an IN_PROGRESS one whose lease expired (its worker died), or a RETRYING one whose next
     * attempt is due or whose deadline passed. Rows another worker is claiming are skipped ({@code
     * FOR UPDATE SKIP LOCKED}).
     */
    public Optional<JobLease> claimNext(String owner, Duration leaseDuration) {
        return Optional.ofNullable(transactions.execute(status -> {
            Optional<JobLease> lease = jdbc.sql(CLAIM_NEXT_DUE_JOB)
                    .param("owner", owner)
                    .param("leaseSeconds", seconds(leaseDuration))
                    .query((rs, n) -> new JobLease(
                            rs.getObject("id", UUID.class),
                            rs.getObject("tenant_id", UUID.class),
                            owner,
                            rs.getLong("lease_version"),
                            rs.getInt("attempt"),
                            required(rs, "started_at"),
                            required(rs, "now"),
                            rs.getBoolean("deadline_passed")))
                    .optional();
            lease.ifPresent(claimed -> audit.append(
                    claimed.jobId(), claimed.claimedAt(), new JobClaimed(owner, claimed.attempt(), claimed.version())));
            return lease.orElse(null);
        }));
    }

    /**
     * Extends the lease by {@code leaseDuration} from now (PostgreSQL's).
     *
     * @return the new expiry on PostgreSQL's clock, or empty when the lease is no longer held
     *     (expired or taken over)
     */
    public Optional<Instant> renew(JobLease lease, Duration leaseDuration) {
        return jdbc.sql(RENEW_LEASE)
                .param("leaseSeconds", seconds(leaseDuration))
                .param("id", lease.jobId())
                .param("owner", lease.owner())
                .param("version", lease.version())
                .query((rs, n) -> required(rs, "lease_expires_at"))
                .optional();
    }

    /** Ends the lease now, so another worker takes the job over without waiting for it to expire. */
    public void release(JobLease lease) {
        jdbc.sql(RELEASE_LEASE)
                .param("id", lease.jobId())
                .param("owner", lease.owner())
                .param("version", lease.version())
                .update();
    }

    /**
     * Marks the step running (a step left IN_PROGRESS by a crashed worker starts over); from here on
     * the job cannot be cancelled nor held. Refused once the lease {@linkplain JobLease#stopCalls() stopped
     * calls}.
     *
     * @throws JobHeldException when the tenant is on legal hold: the step did not start, the job is
     *     PENDING again (its lease released and this claim revoked) and waits until the hold is lifted
     */
    public void startStep(JobLease lease, String service) {
        refuseNewCalls(lease);
        Optional<LegalHold> held = fenced(lease, now -> {
            // Under the job row's share lock, which placing a hold takes exclusively: a hold placed
            // before this point is seen here, and one placed after it sees this step started.
            Optional<LegalHold> hold = LegalHolds.activeHold(jdbc, lease.tenantId());
            if (hold.isEmpty()) {
                jdbc.sql(START_STEP)
                        .param("jobId", lease.jobId())
                        .param("service", service)
                        .update();
            }
            return hold;
        });
        if (held.isPresent()) {
            lease.revoke();
            releaseHeld(lease, held.get());
            throw new JobHeldException(lease, held.get());
        }
    }

    /** Puts the job, claimed under the lease and found on hold before any step started, back to PENDING. */
    private void releaseHeld(JobLease lease, LegalHold hold) {
        transactions.executeWithoutResult(status -> jdbc.sql(RELEASE_HELD_JOB)
                .param("id", lease.jobId())
                .param("owner", lease.owner())
                .param("version", lease.version())
                .query((rs, n) -> required(rs, "now"))
                .optional()
                .ifPresent(now ->
                        audit.append(lease.jobId(), now, new JobHeld(hold.id().toString(), lease.owner()))));
    }

    /**
     * Counts one HTTP call of the step; called before each call, so a fenced-out worker, or one
     * that {@linkplain JobLease#stopCalls() stopped calls}, makes none.
     */
    public void countAttempt(JobLease lease, String service) {
        refuseNewCalls(lease);
        fencedWrite(
                lease,
                now -> jdbc.sql(COUNT_ATTEMPT)
                        .param("jobId", lease.jobId())
                        .param("service", service)
                        .update());
    }

    /** Records the service's verified answer: its cumulative counts for the job, and its erased_before. */
    public void succeedStep(JobLease lease, String service, DeletionResult answer, Duration duration) {
        ErasedBefore erasedBefore = answer.erasedBefore();
        fencedWrite(lease, now -> {
            jdbc.sql(SUCCEED_STEP)
                    .param("counts", json(answer.deletedCounts()))
                    .param("erasedBefore", erasedBefore != null ? json(erasedBefore) : null)
                    .param("durationMs", duration.toMillis())
                    .param("jobId", lease.jobId())
                    .param("service", service)
                    .update();
            audit.append(
                    lease.jobId(),
                    now,
                    new StepSucceeded(service, answer.deletedCounts(), answer.totalDeleted(), true, lease.owner()));
        });
    }

    /** Records the step's failure, which retrying cannot fix. */
    public void failStep(JobLease lease, String service, FailureReason reason, String error, Duration duration) {
        fencedWrite(lease, now -> {
            jdbc.sql(FAIL_STEP)
                    .param("reason", reason.code())
                    .param("error", error)
                    .param("durationMs", duration.toMillis())
                    .param("jobId", lease.jobId())
                    .param("service", service)
                    .update();
            audit.append(lease.jobId(), now, new StepFailed(service, error, lease.owner()));
        });
    }

    /**
     * Records a failure a later attempt may fix: the step is RETRYING, called again {@code delay}
     * from now.
     *
     * @param counted whether the retry counts toward the backoff (not for a wait the service or the
     *     breaker asked for)
     */
    public ScheduledRetry scheduleStepRetry(
            JobLease lease, String service, String error, Duration delay, boolean counted, Duration duration) {
        return fenced(lease, now -> {
            ScheduledRetry retry = jdbc.sql(SCHEDULE_STEP_RETRY)
                    .param("counted", counted ? 1 : 0)
                    .param("delaySeconds", seconds(delay))
                    .param("error", error)
                    .param("durationMs", duration.toMillis())
                    .param("jobId", lease.jobId())
                    .param("service", service)
                    .query((rs, n) -> new ScheduledRetry(required(rs, "next_attempt_at"), rs.getInt("retries")))
                    .optional()
                    .orElseThrow(() -> new IllegalStateException(
                            "Step " + service + " of job " + lease.jobId() + " is not running"));
            audit.append(
                    lease.jobId(),
                    now,
                    new StepRetryScheduled(
                            service, error, retry.nextAttemptAt().toString(), retry.retries(), counted, lease.owner()));
            return retry;
        });
    }

    /** Every step succeeded: the job is COMPLETED. */
    public Instant completeJob(JobLease lease, long totalDeleted) {
        return fenced(lease, now -> {
            jdbc.sql(COMPLETE_JOB).param("id", lease.jobId()).update();
            audit.append(lease.jobId(), now, new JobCompleted(totalDeleted, lease.owner()));
            return now;
        });
    }

    /** Something retrying cannot fix, or the deadline passed: the job is FAILED, naming the services and why. */
    public Instant failJob(JobLease lease, FailureReason reason, String error) {
        return fenced(lease, now -> {
            jdbc.sql(FAIL_JOB)
                    .param("error", error)
                    .param("reason", reason.code())
                    .param("id", lease.jobId())
                    .update();
            audit.append(lease.jobId(), now, new JobFailed(error, reason.code(), lease.owner()));
            return now;
        });
    }

    /**
     * Some steps are RETRYING and none FAILED: the job is RETRYING until its earliest step's next
     * attempt, and its lease is released.
     *
     * @return when a worker takes it up again
     */
    public Instant retryJobLater(JobLease lease) {
        return fenced(lease, now -> {
            Instant next = jdbc.sql(RETRY_JOB_LATER)
                    .param("id", lease.jobId())
                    .query((rs, n) -> instant(rs, "next_attempt_at"))
                    .optional()
                    .orElse(null);
            if (next == null) {
                throw new IllegalStateException("Job " + lease.jobId() + " has no RETRYING step");
            }
            audit.append(lease.jobId(), now, new JobRetrying(next.toString(), lease.owner()));
            return next;
        });
    }

    private static void refuseNewCalls(JobLease lease) {
        if (lease.callsStopped()) {
            throw new LeaseLostException(lease, "stopped making calls: it is stopping");
        }
    }

    private void fencedWrite(JobLease lease, Consumer<Instant> write) {
        fenced(lease, now -> {
            write.accept(now);
            return now;
        });
    }

    /** Runs the write in a transaction that holds the lease (or throws), giving it PostgreSQL's now(). */
    private <T> T fenced(JobLease lease, Function<Instant, T> write) {
        if (lease.isRevoked()) {
            throw new LeaseLostException(lease);
        }
        return transactions.execute(status -> {
            Instant now = jdbc.sql(HOLD_LEASE)
                    .param("id", lease.jobId())
                    .param("owner", lease.owner())
                    .param("version", lease.version())
                    .query((rs, n) -> required(rs, "now"))
                    .optional()
                    .orElseThrow(() -> new LeaseLostException(lease));
            return write.apply(now);
        });
    }

    private List<DeletionJob> withSteps(List<DeletionJob> jobs) {
        if (jobs.isEmpty()) {
            return jobs;
        }
        UUID[] ids = jobs.stream().map(DeletionJob::id).toArray(UUID[]::new);
        Map<UUID, List<DeletionStep>> steps = new LinkedHashMap<>();
        Map<UUID, List<AdminAction>> adminActions = AdminActions.ofJobs(jdbc, ids);
        Map<UUID, List<LegalHold>> holds = LegalHolds.ofTenants(
                jdbc, jobs.stream().map(DeletionJob::tenantId).distinct().toArray(UUID[]::new));
        jdbc.sql(FIND_STEPS)
                .param("jobIds", ids)
                .query((rs, n) -> {
                    steps.computeIfAbsent(rs.getObject("job_id", UUID.class), id -> new ArrayList<>())
                            .add(step(rs));
                    return null;
                })
                .list();
        return jobs.stream()
                .map(job -> job.withSteps(
                        steps.getOrDefault(job.id(), List.of()),
                        adminActions.getOrDefault(job.id(), List.of()),
                        holds.getOrDefault(job.tenantId(), List.of())))
                .collect(Collectors.toList());
    }

    private DeletionJob job(ResultSet rs, int row) throws SQLException {
        String failureReason = rs.getString("failure_reason");
        return new DeletionJob(
                rs.getObject("id", UUID.class),
                rs.getObject("tenant_id", UUID.class),
                JobStatus.valueOf(rs.getString("status")),
                rs.getString("requested_by"),
                rs.getString("reason"),
                required(rs, "not_before"),
                required(rs, "created_at"),
                instant(rs, "started_at"),
                instant(rs, "finished_at"),
                rs.getInt("attempt"),
                rs.getString("error"),
                required(rs, "deadline_at"),
                instant(rs, "next_attempt_at"),
                instant(rs, "retrying_since"),
                failureReason != null ? FailureReason.of(failureReason) : null,
                rs.getBoolean("awaiting_approval"),
                List.of(),
                List.of(),
                List.of());
    }

    private DeletionStep step(ResultSet rs) throws SQLException {
        String erasedBefore = rs.getString("erased_before");
        String failureReason = rs.getString("failure_reason");
        return new DeletionStep(
                rs.getString("service_name"),
                rs.getBoolean("final_step"),
                StepStatus.valueOf(rs.getString("status")),
                rs.getInt("attempts"),
                rs.getInt("retries"),
                read(rs.getString("deleted_counts"), COUNTS),
                read(rs.getString("errors"), ERRORS),
                rs.getString("last_error"),
                instant(rs, "next_attempt_at"),
                erasedBefore != null ? read(erasedBefore, new TypeReference<ErasedBefore>() {}) : null,
                failureReason != null ? FailureReason.of(failureReason) : null,
                rs.getBoolean("verified"),
                instant(rs, "started_at"),
                instant(rs, "finished_at"),
                rs.getObject("duration_ms", Long.class));
    }

    private <T> T read(String json, TypeReference<T> type) {
        try {
            return objectMapper.readValue(json, type);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("Unreadable JSON in deletion_step: " + json, ex);
        }
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value != null ? value.toInstant() : null;
    }

    private static Instant required(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private String json(Object value) {
        try {
            return objectMapper.writeValueAsString(value);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("Cannot write " + value + " as JSON", ex);
        }
    }

    /** A duration as the seconds {@code make_interval(secs => ...)} takes. */
    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
