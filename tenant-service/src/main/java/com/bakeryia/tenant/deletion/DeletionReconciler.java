package com.bakeryia.tenant.deletion;

import com.bakeryia.deletion.DeletionContext;
import com.bakeryia.deletion.TenantDataDeletionService;
import com.bakeryia.deletion.api.DeletionResult;
import com.bakeryia.tenant.deletion.OrchestratorClient.JobStatus;
import com.bakeryia.tenant.deletion.OrchestratorClient.OrchestratorCallException;
import com.bakeryia.tenant.deletion.PendingTenants.Pending;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Brings each tenant pending deletion in line with its job at the orchestrator, so that no tenant
 * is left pending with a job that has ended (a cancel whose answer was lost, a job that completed
 * while its last step's answer was lost, a job the orchestrator no longer has).
 *
 * <p>Every {@code tenant.deletion.reconcile-interval} (30 s), on every instance, a round claims up to
 * {@code reconcile-batch-size} pending tenants whose request the orchestrator has and that nobody
 * took up within the interval ({@link PendingTenants#claimDue}: {@code FOR UPDATE SKIP LOCKED} and a
 * stamp, one statement), so that instances never take one tenant up twice at once. For each, with no
 * transaction open, it reads the job ({@code GET /api/v1/deletion-jobs/{jobId}}, a fresh token of
 * scope {@code deletion-jobs.read}) and then applies what it read in a short transaction of its own:
 *
 * <ul>
 *   <li>CANCELLED: the tenant is ACTIVE, its deletion fields cleared;
 *   <li>COMPLETED: the tenant is erased here as the job's last step would ({@link
 *       TenantDataDeletionService#delete}: rows gone, tombstone written);
 *   <li>FAILED, RETRYING, PENDING, IN_PROGRESS: the status is recorded ({@code deletion_job_status})
 *       and shown to the owner as {@code deletion.job_status};
 *   <li>404: the request is made due again in the outbox, and the relay delivers it anew;
 *   <li>no answer: tried again next round.
 * </ul>
 *
 * <p>A tenant's outcome is logged when it changes (WARN for FAILED and an unreachable orchestrator),
 * not every round. Metric {@code bakery_tenant_deletion_failed_jobs}: pending tenants whose job was
 * last read FAILED, all instances.
 */
@Component
class DeletionReconciler implements SchedulingConfigurer {

    static final String CALLER = "tenant-service-reconciler";

    private static final Logger log = LoggerFactory.getLogger(DeletionReconciler.class);
    private static final String UNREACHABLE = "unreachable";
    private static final int MAX_REMEMBERED = 10_000;

    private final PendingTenants tenants;
    private final DeletionOutbox outbox;
    private final OrchestratorClient orchestrator;
    private final TenantDataDeletionService erasure;
    private final TransactionTemplate transactions;
    private final TenantDeletionProperties properties;
    private final Clock clock;
    private final Map<UUID, String> lastLogged = new ConcurrentHashMap<>();

    DeletionReconciler(
            PendingTenants tenants,
            DeletionOutbox outbox,
            OrchestratorClient orchestrator,
            TenantDataDeletionService erasure,
            TransactionTemplate transactions,
            TenantDeletionProperties properties,
            Clock clock,
            MeterRegistry meters) {
        this.tenants = tenants;
        this.outbox = outbox;
        this.orchestrator = orchestrator;
        this.erasure = erasure;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
        Gauge.builder("bakery.tenant.deletion.failed.jobs", tenants, PendingTenants::failedJobs)
                .description("Tenants pending deletion whose job the orchestrator last answered FAILED")
                .register(meters);
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(this::reconcileDue, properties.reconcileInterval());
    }

    /** One round: the pending tenants that are due, at most {@code reconcile-batch-size}. */
    void reconcileDue() {
        List<Pending> due;
        try {
            due = tenants.claimDue(properties.reconcileInterval(), properties.reconcileBatchSize());
        } catch (RuntimeException e) {
            log.warn("Deletion reconciler round failed; next round in {}", properties.reconcileInterval(), e);
            return;
        }
        if (lastLogged.size() > MAX_REMEMBERED) {
            lastLogged.clear();
        }
        for (Pending pending : due) {
            try {
                reconcile(pending);
            } catch (RuntimeException e) {
                log.warn(
                        "Deletion reconciler could not bring tenant {} in line with job {}; next round in {}",
                        pending.tenantId(),
                        pending.jobId(),
                        properties.reconcileInterval(),
                        e);
            }
        }
    }

    private void reconcile(Pending pending) {
        UUID tenantId = pending.tenantId();
        UUID jobId = pending.jobId();
        Optional<JobStatus> read;
        try {
            read = orchestrator.readJob(jobId, tenantId);
        } catch (OrchestratorCallException e) {
            if (changed(tenantId, UNREACHABLE)) {
                log.warn(
                        "Deletion reconciler could not read deletion job {} of tenant {}: {}; trying again every {}"
                                + " (logged once until it changes)",
                        jobId,
                        tenantId,
                        e.getMessage(),
                        properties.reconcileInterval());
            }
            return;
        }
        if (read.isEmpty()) {
            redeliver(pending);
            return;
        }
        JobStatus status = read.get();
        switch (status) {
            case CANCELLED -> {
                if (tenants.markActive(tenantId, jobId)) {
                    log.info("Deletion job {} of tenant {} is CANCELLED: the tenant is ACTIVE again", jobId, tenantId);
                }
                lastLogged.remove(tenantId);
            }
            case COMPLETED -> erase(pending);
            default -> {
                tenants.recordStatus(tenantId, jobId, status);
                if (changed(tenantId, status.name())) {
                    if (status == JobStatus.FAILED) {
                        log.warn(
                                "Deletion job {} of tenant {} is FAILED at the orchestrator; the tenant stays"
                                        + " DELETION_PENDING until the job is retried and finished",
                                jobId,
                                tenantId);
                    } else if (!status.name().equals(pending.lastStatus())) {
                        log.info("Deletion job {} of tenant {} is {}", jobId, tenantId, status);
                    }
                }
            }
        }
    }

    /** The job is COMPLETED but the tenant is still here: erase it as the job's last step would. */
    private void erase(Pending pending) {
        UUID tenantId = pending.tenantId();
        if (!tenants.isPendingUnder(tenantId, pending.jobId())) {
            return;
        }
        DeletionResult result =
                erasure.delete(tenantId, new DeletionContext(pending.jobId().toString(), CALLER));
        if (result.success()) {
            lastLogged.remove(tenantId);
            log.info(
                    "Deletion job {} is COMPLETED but tenant {} was still here: erased here ({} rows), tombstone"
                            + " written",
                    pending.jobId(),
                    tenantId,
                    result.deletedCounts().values().stream()
                            .mapToLong(Long::longValue)
                            .sum());
        } else if (changed(tenantId, "erasure-failed")) {
            log.warn(
                    "Deletion job {} is COMPLETED but tenant {} could not be erased here: {}; trying again every {}",
                    pending.jobId(),
                    tenantId,
                    result.errors(),
                    properties.reconcileInterval());
        }
    }

    /** The orchestrator has no such job: deliver the request again. */
    private void redeliver(Pending pending) {
        UUID tenantId = pending.tenantId();
        UUID jobId = pending.jobId();
        Optional<UUID> request = Objects.requireNonNull(transactions.execute(status -> {
            if (!tenants.lockPendingUnder(tenantId, jobId)) {
                return Optional.<UUID>empty();
            }
            Optional<UUID> requestJob = outbox.redeliver(
                    tenantId, jobId, clock.instant(), "the orchestrator answered 404 to a read of job " + jobId);
            requestJob
                    .filter(requested -> !requested.equals(jobId))
                    .ifPresent(requested -> tenants.replaceJob(tenantId, jobId, requested));
            return requestJob;
        }));
        lastLogged.remove(tenantId);
        if (request.isPresent()) {
            log.warn(
                    "The orchestrator does not know deletion job {} of tenant {}; its request is delivered again as"
                            + " job {}",
                    jobId,
                    tenantId,
                    request.get());
        } else {
            log.warn(
                    "The orchestrator does not know deletion job {} of tenant {}, and no request of it is here",
                    jobId,
                    tenantId);
        }
    }

    /** Whether the tenant's outcome differs from the one last logged, remembering it. */
    private boolean changed(UUID tenantId, String outcome) {
        return !outcome.equals(lastLogged.put(tenantId, outcome));
    }
}
