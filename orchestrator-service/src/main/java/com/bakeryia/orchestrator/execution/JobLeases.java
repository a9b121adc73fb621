package com.bakeryia.orchestrator.execution;

import com.bakeryia.orchestrator.audit.AuditEventType;
import com.bakeryia.orchestrator.audit.AuditTrail;
import com.bakeryia.orchestrator.client.DeletionAnswer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Claims, heartbeats and every write a worker makes to a job, fenced by its lease: each write runs
 * in a transaction that first share-locks the job row under the worker's owner, lease version,
 * IN_PROGRESS and an unexpired lease, and throws {@link LeaseLostException} when that row is gone.
 * A claim by another worker takes the row lock exclusively, so it waits for a fenced write in
 * flight and every later fenced write of the old worker finds nothing.
 */
class JobLeases {

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
    private final ObjectMapper objectMapper;
    private final Clock clock;

    JobLeases(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            AuditTrail audit,
            ObjectMapper objectMapper,
            Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.audit = audit;
        this.objectMapper = objectMapper;
        this.clock = clock;
    }

    /**
     * Claims the next due job: a PENDING one whose {@code not_before} has passed, or an
     * IN_PROGRESS one whose lease expired (its worker died). Rows another worker is claiming are
     * skipped ({@code FOR UPDATE SKIP LOCKED}).
     */
    Optional<JobLease> claimNext(String owner, Duration leaseDuration) {
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
            lease.ifPresent(claimed -> audit.append(
                    claimed.jobId(),
                    AuditEventType.JOB_CLAIMED,
                    now,
                    Map.of("worker", owner, "attempt", claimed.attempt(), "lease_version", claimed.version())));
            return lease.orElse(null);
        }));
    }

    /**
     * Extends the lease by {@code leaseDuration} from now.
     *
     * @return the new expiry, or empty when the lease is no longer held (expired or taken over)
     */
    Optional<Instant> renew(JobLease lease, Duration leaseDuration) {
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
    void release(JobLease lease) {
        Instant now = clock.instant();
        jdbc.sql(RELEASE_LEASE)
                .param("now", utc(now))
                .param("id", lease.jobId())
                .param("owner", lease.owner())
                .param("version", lease.version())
                .update();
    }

    /** Marks the step running (a step left IN_PROGRESS by a crashed worker starts over). */
    void startStep(JobLease lease, String service) {
        fencedWrite(
                lease,
                now -> jdbc.sql(START_STEP)
                        .param("now", utc(now))
                        .param("jobId", lease.jobId())
                        .param("service", service)
                        .update());
    }

    /** Counts one HTTP call of the step; called before each call, so a fenced-out worker makes none. */
    void countAttempt(JobLease lease, String service) {
        fencedWrite(
                lease,
                now -> jdbc.sql(COUNT_ATTEMPT)
                        .param("jobId", lease.jobId())
                        .param("service", service)
                        .update());
    }

    /** Records the service's verified answer. */
    void succeedStep(JobLease lease, String service, DeletionAnswer answer, Duration duration) {
        fencedWrite(lease, now -> {
            jdbc.sql(SUCCEED_STEP)
                    .param("counts", json(answer.deletedCounts()))
                    .param("now", utc(now))
                    .param("durationMs", duration.toMillis())
                    .param("jobId", lease.jobId())
                    .param("service", service)
                    .update();
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("service", service);
            payload.put("deleted_counts", answer.deletedCounts());
            payload.put("total_deleted", answer.totalDeleted());
            payload.put("verified", true);
            payload.put("worker", lease.owner());
            audit.append(lease.jobId(), AuditEventType.STEP_SUCCEEDED, now, payload);
        });
    }

    /** Records the step's failure. */
    void failStep(JobLease lease, String service, String error, Duration duration) {
        fencedWrite(lease, now -> {
            jdbc.sql(FAIL_STEP)
                    .param("error", error)
                    .param("now", utc(now))
                    .param("durationMs", duration.toMillis())
                    .param("jobId", lease.jobId())
                    .param("service", service)
                    .update();
            audit.append(
                    lease.jobId(),
                    AuditEventType.STEP_FAILED,
                    now,
                    Map.of("service", service, "error", error, "worker", lease.owner()));
        });
    }

    /** Every step succeeded: the job is COMPLETED. */
    Instant completeJob(JobLease lease, long totalDeleted) {
        return fenced(lease, now -> {
            jdbc.sql(COMPLETE_JOB)
                    .param("now", utc(now))
                    .param("id", lease.jobId())
                    .update();
            audit.append(
                    lease.jobId(),
                    AuditEventType.JOB_COMPLETED,
                    now,
                    Map.of("total_deleted", totalDeleted, "worker", lease.owner()));
            return now;
        });
    }

    /** A step failed: the job is FAILED, naming the failed services and their errors. */
    Instant failJob(JobLease lease, String error) {
        return fenced(lease, now -> {
            jdbc.sql(FAIL_JOB)
                    .param("error", error)
                    .param("now", utc(now))
                    .param("id", lease.jobId())
                    .update();
            audit.append(
                    lease.jobId(), AuditEventType.JOB_FAILED, now, Map.of("error", error, "worker", lease.owner()));
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
