package com.bakeryia.orchestrator.job;

import com.bakeryia.orchestrator.audit.AuditEventType;
import com.bakeryia.orchestrator.audit.AuditTrail;
import com.bakeryia.orchestrator.registry.ServiceEndpoint;
import com.bakeryia.orchestrator.registry.ServiceRegistry;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Jobs and steps in PostgreSQL, for the API: creation (idempotent on the job id and on the
 * tenant), reads, retry and cancel. Workers change jobs only through the execution package's
 * fenced writes. Creating a due job or retrying one publishes {@link DeletionJobsDue} in its
 * transaction.
 */
public class DeletionJobRepository {

    static final int MAX_PAGE_SIZE = 100;

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

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final AuditTrail audit;
    private final ServiceRegistry registry;
    private final ObjectMapper objectMapper;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    DeletionJobRepository(
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

    /** The outcome of a creation: the job, and whether this call created it. */
    record Creation(DeletionJob job, boolean created) {}

    /**
     * Creates the job with one step per enabled service, unless the id is taken or the tenant
     * already has an active (PENDING, IN_PROGRESS or FAILED) job: then that job is returned.
     *
     * @throws org.springframework.web.ErrorResponseException 409 when the id belongs to a job of
     *     another tenant
     */
    Creation create(NewDeletionJob request) {
        for (int round = 0; round < MAX_CREATE_ROUNDS; round++) {
            // Read in the inserting transaction: once it commits, this instance's worker may claim the job
            // at once, and the answer is the job as created.
            DeletionJob created = transactions.execute(status -> insert(request) ? require(request.id()) : null);
            if (created != null) {
                return new Creation(created, true);
            }
            Optional<DeletionJob> sameId = find(request.id());
            if (sameId.isPresent()) {
                if (!sameId.get().tenantId().equals(request.tenantId())) {
                    throw JobProblems.conflict("Deletion job " + request.id() + " exists for another tenant");
                }
                return new Creation(sameId.get(), false);
            }
            Optional<UUID> active = jdbc.sql(FIND_ACTIVE_JOB_OF_TENANT)
                    .param("tenantId", request.tenantId())
                    .query(UUID.class)
                    .optional();
            Optional<DeletionJob> activeJob = active.flatMap(this::find);
            if (activeJob.isPresent()) {
                return new Creation(activeJob.get(), false);
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
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("tenant_id", request.tenantId().toString());
        payload.put("requested_by", request.requestedBy());
        payload.put("reason", request.reason());
        payload.put("not_before", request.notBefore().toString());
        payload.put("services", services);
        payload.put("caller", request.caller());
        audit.append(request.id(), AuditEventType.JOB_CREATED, now, payload);
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

    /** The job with its steps. */
    public DeletionJob require(UUID id) {
        return find(id).orElseThrow(() -> JobProblems.notFound(id));
    }

    /** A page of jobs, newest first. */
    JobPage list(@Nullable UUID tenantId, @Nullable JobStatus status, int page, int size) {
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
    record JobPage(List<DeletionJob> jobs, int page, int size, long totalItems) {}

    /**
     * Puts a FAILED job back to PENDING with its failed (and interrupted) steps; succeeded steps
     * stay succeeded and are not called again.
     */
    DeletionJob retry(UUID id, String requestedBy) {
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
            audit.append(id, AuditEventType.JOB_RETRIED, now, Map.of("by", requestedBy, "services", reset));
            events.publishEvent(new DeletionJobsDue(id));
            return require(id);
        });
        if (resumed == null) {
            throw JobProblems.conflict(
                    "Deletion job " + id + " is " + require(id).status() + "; only a FAILED job can be retried");
        }
        return resumed;
    }

    /** Cancels a PENDING job. */
    DeletionJob cancel(UUID id, String requestedBy) {
        boolean cancelled = Boolean.TRUE.equals(transactions.execute(status -> {
            Instant now = clock.instant();
            if (jdbc.sql(CANCEL_PENDING_JOB)
                            .param("id", id)
                            .param("now", utc(now))
                            .update()
                    == 0) {
                return false;
            }
            audit.append(id, AuditEventType.JOB_CANCELLED, now, Map.of("by", requestedBy));
            return true;
        }));
        DeletionJob job = require(id);
        if (!cancelled) {
            throw JobProblems.conflict(
                    "Deletion job " + id + " is " + job.status() + "; only a PENDING job can be cancelled");
        }
        return job;
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

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
