package com.bakeryia.orchestrator.store;

import com.bakeryia.deletion.api.DeletionResult;
import com.bakeryia.orchestrator.registry.ServiceEndpoint;
import com.bakeryia.orchestrator.registry.ServiceRegistry;
import com.bakeryia.orchestrator.store.AuditPayload.JobCancelled;
import com.bakeryia.orchestrator.store.AuditPayload.JobClaimed;
import com.bakeryia.orchestrator.store.AuditPayload.JobCompleted;
import com.bakeryia.orchestrator.store.AuditPayload.JobCreated;
import com.bakeryia.orchestrator.store.AuditPayload.JobFailed;
import com.bakeryia.orchestrator.store.AuditPayload.JobRetried;
import com.bakeryia.orchestrator.store.AuditPayload.StepFailed;
import com.bakeryia.orchestrator.store.AuditPayload.StepSucceeded;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
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
 *   <li>For workers: claims, heartbeats and every write under a {@link JobLease}, fenced by it:
 *       each write runs in a transaction that first share-locks the job row under the worker's
 *       owner, lease version, IN_PROGRESS and an unexpired lease, and throws {@link
 *       LeaseLostException} when that row is gone. A claim by another worker takes the row lock
 *       exclusively, so it waits for a fenced write in flight and every later fenced write of the
 *       old worker finds nothing.
 * </ul>
 *
 * Answers are records and {@link Optional}s; what they mean for HTTP is the controllers' business.
 */
public class JobStore {

    /** The largest page {@link #list} answers. */
    public static final int MAX_PAGE_SIZE = 100;

    private static final String INSERT_JOB = """
            INSERT INTO deletion_job (id, tenant_id, status, requested_by, reason, not_before, created_at, updated_at)
            VALUES (:id, :tenantId, 'PENDING', :requestedBy, :reason, :notBefore, :now, :now)
            ON CONFLICT DO NOTHING
            """;

    private static final String INSERT_STEP = """
            INSERT INTO deletion_step (job_id, service_name, position, final_step, status)
            VALUES (:jobId, :serviceName, :position, :finalStep, 'PENDING')
            """;

    private static final String JOB_COLUMNS = """
            id, tenant_id, status, requested_by, reason, not_before, created_at, started_at, finished_at, attempt, error
            """;

    private static final String FIND_JOB = "SELECT " + JOB_COLUMNS + " FROM deletion_job WHERE id = :id";

    private static final String FIND_ACTIVE_JOB_OF_TENANT = """
            SELECT id FROM deletion_job
             WHERE tenant_id = :tenantId AND status IN ('PENDING', 'IN_PROGRESS', 'FAILED')
            """;

    private static final String FIND_STEPS = """
            SELECT job_id, service_name, final_step, status, attempts, deleted_counts::text AS deleted_counts,
                   errors::text AS errors, verified, started_at, finished_at, duration_ms
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
               SET status = 'PENDING', error = NULL, finished_at = NULL, lease_owner = NULL,
                   lease_expires_at = NULL, updated_at = :now
             WHERE id = :id AND status = 'FAILED'
            """;

    private static final String RESET_UNFINISHED_STEPS = """
            UPDATE deletion_step SET status = 'PENDING'
             WHERE job_id = :id AND status IN ('FAILED', 'IN_PROGRESS')
            RETURNING service_name
            """;

    private static final String CANCEL_PENDING_JOB = """
            UPDATE deletion_job SET status = 'CANCELLED', finished_at = :now, updated_at = :now
             WHERE id = :id AND status = 'PENDING'
            """;

    private static final int MAX_CREATE_ROUNDS = 5;
    private static final TypeReference<LinkedHashMap<String, Long>> COUNTS = new TypeReference<>() {};
    private static final TypeReference<List<String>> ERRORS = new TypeReference<>() {};

    private static final String CLAIM_NEXT_DUE_JOB = """
            UPDATE deletion_job
               SET status = 'IN_PROGRESS', lease_owner = :owner, lease_expires_at = :leaseExpiresAt,
                   lease_version = lease_version + 1, attempt = attempt + 1,
                   started_at = COALESCE(started_at, :now), updated_at = :now
             WHERE id = (SELECT id FROM deletion_job
                          WHERE (status = 'PENDING' AND not_before <= :now)
                             OR (status = 'IN_PROGRESS' AND lease_expires_at <= :now)
                          ORDER BY not_before, created_at
                          LIMIT 1
                          FOR UPDATE SKIP LOCKED)
            RETURNING id, tenant_id, lease_version, attempt, started_at
            """;

    private static final String RENEW_LEASE = """
            UPDATE deletion_job SET lease_expires_at = :leaseExpiresAt, updated_at = :now
             WHERE id = :id AND lease_owner = :owner AND lease_version = :version
               AND status = 'IN_PROGRESS' AND lease_expires_at > :now
            """;

    private static final String RELEASE_LEASE = """
            UPDATE deletion_job SET lease_expires_at = :now, updated_at = :now
             WHERE id = :id AND lease_owner = :owner AND lease_version = :version AND status = 'IN_PROGRESS'
            """;

    private static final String HOLD_LEASE = """
            SELECT id FROM deletion_job
             WHERE id = :id AND lease_owner = :owner AND lease_version = :version
               AND status = 'IN_PROGRESS' AND lease_expires_at > :now
               FOR SHARE
            """;

    private static final String START_STEP = """
            UPDATE deletion_step SET status = 'IN_PROGRESS', started_at = :now, finished_at = NULL, duration_ms = NULL
             WHERE job_id = :jobId AND service_name = :service AND status <> 'SUCCEEDED'
            """;

    private static final String COUNT_ATTEMPT = """
            UPDATE deletion_step SET attempts = attempts + 1
             WHERE job_id = :jobId AND service_name = :service AND status = 'IN_PROGRESS'
            """;

    private static final String SUCCEED_STEP = """
            UPDATE deletion_step
               SET status = 'SUCCEEDED', deleted_counts = CAST(:counts AS json), verified = true,
                   finished_at = :now, duration_ms = :durationMs
             WHERE job_id = :jobId AND service_name = :service AND status = 'IN_PROGRESS'
            """;

    private static final String FAIL_STEP = """
            UPDATE deletion_step
               SET status = 'FAILED', errors = errors || jsonb_build_array(CAST(:error AS text)),
                   finished_at = :now, duration_ms = :durationMs
             WHERE job_id = :jobId AND service_name = :service AND status = 'IN_PROGRESS'
            """;

    private static final String COMPLETE_JOB = """
            UPDATE deletion_job
               SET status = 'COMPLETED', error = NULL, finished_at = :now, lease_expires_at = NULL, updated_at = :now
             WHERE id = :id
            """;

    private static final String FAIL_JOB = """
            UPDATE deletion_job
               SET status = 'FAILED', error = :error, finished_at = :now, lease_expires_at = NULL, updated_at = :now
             WHERE id = :id
            """;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final AuditTrail audit;
    private final ServiceRegistry registry;
    private final ObjectMapper objectMapper;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    JobStore(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            AuditTrail audit,
            ServiceRegistry registry,
            ObjectMapper objectMapper,
            ApplicationEventPublisher events,
            Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.audit = audit;
        this.registry = registry;
        this.objectMapper = objectMapper;
        this.events = events;
        this.clock = clock;
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
     * @param changed whether its state allowed the change
     */
    public record StateChange(DeletionJob job, boolean changed) {}

    /**
     * Creates the job with one step per enabled service, unless the id is taken or the tenant
     * already has an active (PENDING, IN_PROGRESS or FAILED) job: then that job is returned.
     */
    public Creation create(NewDeletionJob request) {
        for (int round = 0; round < MAX_CREATE_ROUNDS; round++) {
            // Read in the inserting transaction: once it commits, this instance's worker may claim the job
            // at once, and the answer is the job as created.
            DeletionJob created = transactions.execute(
                    status -> insert(request) ? find(request.id()).orElseThrow() : null);
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

    private boolean insert(NewDeletionJob request) {
        Instant now = clock.instant();
        int rows = jdbc.sql(INSERT_JOB)
                .param("id", request.id())
                .param("tenantId", request.tenantId())
                .param("requestedBy", request.requestedBy())
                .param("reason", request.reason())
                .param("notBefore", utc(request.notBefore()))
                .param("now", utc(now))
                .update();
        if (rows == 0) {
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
                now,
                new JobCreated(
                        request.tenantId().toString(),
                        request.requestedBy(),
                        request.reason(),
                        request.notBefore().toString(),
                        services,
                        request.caller()));
        if (!request.notBefore().isAfter(now)) {
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
     * Puts a FAILED job back to PENDING with its failed (and interrupted) steps; succeeded steps
     * stay succeeded and are not called again.
     *
     * @return empty when there is no such job; else the job, changed unless it was not FAILED
     */
    public Optional<StateChange> retry(UUID id, String requestedBy) {
        // The resumed job is read in the resuming transaction: once it commits, a worker may claim it at once.
        DeletionJob resumed = transactions.execute(status -> {
            Instant now = clock.instant();
            if (jdbc.sql(RESUME_FAILED_JOB)
                            .param("id", id)
                            .param("now", utc(now))
                            .update()
                    == 0) {
                return null;
            }
            List<String> reset = jdbc.sql(RESET_UNFINISHED_STEPS)
                    .param("id", id)
                    .query(String.class)
                    .list();
            audit.append(id, now, new JobRetried(requestedBy, reset));
            events.publishEvent(new DeletionJobsDue(id));
            return find(id).orElseThrow();
        });
        if (resumed != null) {
            return Optional.of(new StateChange(resumed, true));
        }
        return find(id).map(job -> new StateChange(job, false));
    }

    /**
     * Cancels a PENDING job.
     *
     * @return empty when there is no such job; else the job, changed unless it was not PENDING
     */
    public Optional<StateChange> cancel(UUID id, String requestedBy) {
        boolean cancelled = Boolean.TRUE.equals(transactions.execute(status -> {
            Instant now = clock.instant();
            if (jdbc.sql(CANCEL_PENDING_JOB)
                            .param("id", id)
                            .param("now", utc(now))
                            .update()
                    == 0) {
                return false;
            }
            audit.append(id, now, new JobCancelled(requestedBy));
            return true;
        }));
        return find(id).map(job -> new StateChange(job, cancelled));
    }

    /**
     * Claims the next due job: a PENDING one whose {@code not_before} has passed, or an
     * IN_PROGRESS one whose lease expired (its worker died). Rows another worker is claiming are
     * skipped ({@code FOR UPDATE SKIP LOCKED}).
     */
    public Optional<JobLease> claimNext(String owner, Duration leaseDuration) {
        return Optional.ofNullable(transactions.execute(status -> {
            Instant now = clock.instant();
            Optional<JobLease> lease = jdbc.sql(CLAIM_NEXT_DUE_JOB)
                    .param("owner", owner)
                    .param("leaseExpiresAt", utc(now.plus(leaseDuration)))
                    .param("now", utc(now))
                    .query((rs, n) -> new JobLease(
                            rs.getObject("id", UUID.class),
                            rs.getObject("tenant_id", UUID.class),
                            owner,
                            rs.getLong("lease_version"),
                            rs.getInt("attempt"),
                            rs.getObject("started_at", OffsetDateTime.class).toInstant()))
                    .optional();
            lease.ifPresent(claimed ->
                    audit.append(claimed.jobId(), now, new JobClaimed(owner, claimed.attempt(), claimed.version())));
            return lease.orElse(null);
        }));
    }

    /**
     * Extends the lease by {@code leaseDuration} from now.
     *
     * @return the new expiry, or empty when the lease is no longer held (expired or taken over)
     */
    public Optional<Instant> renew(JobLease lease, Duration leaseDuration) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(leaseDuration);
        int renewed = jdbc.sql(RENEW_LEASE)
                .param("leaseExpiresAt", utc(expiresAt))
                .param("now", utc(now))
                .param("id", lease.jobId())
                .param("owner", lease.owner())
                .param("version", lease.version())
                .update();
        return renewed == 1 ? Optional.of(expiresAt) : Optional.empty();
    }

    /** Ends the lease now, so another worker takes the job over without waiting for it to expire. */
    public void release(JobLease lease) {
        Instant now = clock.instant();
        jdbc.sql(RELEASE_LEASE)
                .param("now", utc(now))
                .param("id", lease.jobId())
                .param("owner", lease.owner())
                .param("version", lease.version())
                .update();
    }

    /** Marks the step running (a step left IN_PROGRESS by a crashed worker starts over). */
    public void startStep(JobLease lease, String service) {
        fencedWrite(
                lease,
                now -> jdbc.sql(START_STEP)
                        .param("now", utc(now))
                        .param("jobId", lease.jobId())
                        .param("service", service)
                        .update());
    }

    /** Counts one HTTP call of the step; called before each call, so a fenced-out worker makes none. */
    public void countAttempt(JobLease lease, String service) {
        fencedWrite(
                lease,
                now -> jdbc.sql(COUNT_ATTEMPT)
                        .param("jobId", lease.jobId())
                        .param("service", service)
                        .update());
    }

    /** Records the service's verified answer. */
    public void succeedStep(JobLease lease, String service, DeletionResult answer, Duration duration) {
        fencedWrite(lease, now -> {
            jdbc.sql(SUCCEED_STEP)
                    .param("counts", json(answer.deletedCounts()))
                    .param("now", utc(now))
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

    /** Records the step's failure. */
    public void failStep(JobLease lease, String service, String error, Duration duration) {
        fencedWrite(lease, now -> {
            jdbc.sql(FAIL_STEP)
                    .param("error", error)
                    .param("now", utc(now))
                    .param("durationMs", duration.toMillis())
                    .param("jobId", lease.jobId())
                    .param("service", service)
                    .update();
            audit.append(lease.jobId(), now, new StepFailed(service, error, lease.owner()));
        });
    }

    /** Every step succeeded: the job is COMPLETED. */
    public Instant completeJob(JobLease lease, long totalDeleted) {
        return fenced(lease, now -> {
            jdbc.sql(COMPLETE_JOB)
                    .param("now", utc(now))
                    .param("id", lease.jobId())
                    .update();
            audit.append(lease.jobId(), now, new JobCompleted(totalDeleted, lease.owner()));
            return now;
        });
    }

    /** A step failed: the job is FAILED, naming the failed services and their errors. */
    public Instant failJob(JobLease lease, String error) {
        return fenced(lease, now -> {
            jdbc.sql(FAIL_JOB)
                    .param("error", error)
                    .param("now", utc(now))
                    .param("id", lease.jobId())
                    .update();
            audit.append(lease.jobId(), now, new JobFailed(error, lease.owner()));
            return now;
        });
    }

    private void fencedWrite(JobLease lease, Consumer<Instant> write) {
        fenced(lease, now -> {
            write.accept(now);
            return now;
        });
    }

    private <T> T fenced(JobLease lease, Function<Instant, T> write) {
        if (lease.isRevoked()) {
            throw new LeaseLostException(lease);
        }
        return transactions.execute(status -> {
            Instant now = clock.instant();
            boolean held = jdbc.sql(HOLD_LEASE)
                    .param("id", lease.jobId())
                    .param("owner", lease.owner())
                    .param("version", lease.version())
                    .param("now", utc(now))
                    .query(UUID.class)
                    .optional()
                    .isPresent();
            if (!held) {
                throw new LeaseLostException(lease);
            }
            return write.apply(now);
        });
    }

    private List<DeletionJob> withSteps(List<DeletionJob> jobs) {
        if (jobs.isEmpty()) {
            return jobs;
        }
        UUID[] ids = jobs.stream().map(DeletionJob::id).toArray(UUID[]::new);
        Map<UUID, List<DeletionStep>> steps = new LinkedHashMap<>();
        jdbc.sql(FIND_STEPS)
                .param("jobIds", ids)
                .query((rs, n) -> {
                    steps.computeIfAbsent(rs.getObject("job_id", UUID.class), id -> new ArrayList<>())
                            .add(step(rs));
                    return null;
                })
                .list();
        return jobs.stream()
                .map(job -> new DeletionJob(
                        job.id(),
                        job.tenantId(),
                        job.status(),
                        job.requestedBy(),
                        job.reason(),
                        job.notBefore(),
                        job.createdAt(),
                        job.startedAt(),
                        job.finishedAt(),
                        job.attempt(),
                        job.error(),
                        List.copyOf(steps.getOrDefault(job.id(), List.of()))))
                .collect(Collectors.toList());
    }

    private DeletionJob job(ResultSet rs, int row) throws SQLException {
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
                List.of());
    }

    private DeletionStep step(ResultSet rs) throws SQLException {
        return new DeletionStep(
                rs.getString("service_name"),
                rs.getBoolean("final_step"),
                StepStatus.valueOf(rs.getString("status")),
                rs.getInt("attempts"),
                read(rs.getString("deleted_counts"), COUNTS),
                read(rs.getString("errors"), ERRORS),
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

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
