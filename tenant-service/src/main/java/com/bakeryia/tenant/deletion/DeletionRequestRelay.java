package com.bakeryia.tenant.deletion;

import com.bakeryia.tenant.deletion.DeletionOutbox.Claim;
import com.bakeryia.tenant.deletion.DeletionOutbox.OutboxEntry;
import com.bakeryia.tenant.deletion.OrchestratorClient.HeldJob;
import com.bakeryia.tenant.deletion.OrchestratorClient.OrchestratorCallException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers deletion requests from the outbox to the orchestrator: one right after the request's
 * transaction commits, and every {@code tenant.deletion.outbox.relay-interval} all that are due,
 * each request retried with exponential back-off ({@code initial-backoff}, doubled per failure, at
 * most {@code max-backoff}) until the orchestrator has its job. No transaction is open during the
 * call: a delivery claims its row first ({@link DeletionOutbox}, one statement), calls, then records
 * the outcome in a short transaction of its own, so instances share the work without delivering one
 * request twice at once (the orchestrator's PUT is idempotent anyway), and a cancel never drops a
 * request that is being delivered. The status the orchestrator answers is kept as the tenant's
 * {@code deletion_job_status}.
 *
 * <p>Metrics: {@code bakery_tenant_deletion_outbox_pending} (undelivered requests, all instances),
 * {@code bakery_tenant_deletion_outbox_deliveries_total} and {@code
 * bakery_tenant_deletion_outbox_delivery_failures_total}.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class DeletionRequestRelay implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(DeletionRequestRelay.class);

    private final DeletionOutbox outbox;
    private final PendingTenants tenants;
    private final OrchestratorClient orchestrator;
    private final TransactionTemplate transactions;
    private final TenantDeletionProperties properties;
    private final Clock clock;
    private final Counter deliveries;
    private final Counter failures;

    DeletionRequestRelay(
            DeletionOutbox outbox,
            PendingTenants tenants,
            OrchestratorClient orchestrator,
            TransactionTemplate transactions,
            TenantDeletionProperties properties,
            Clock clock,
            MeterRegistry meters) {
        this.outbox = outbox;
        this.tenants = tenants;
        this.orchestrator = orchestrator;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
        Gauge.builder("bakery.tenant.deletion.outbox.pending", outbox, DeletionOutbox::undeliveredCount)
                .description("Deletion requests the orchestrator does not have yet")
                .register(meters);
        this.deliveries = Counter.builder("bakery.tenant.deletion.outbox.deliveries")
                .description("Deletion requests delivered to the orchestrator")
                .register(meters);
        this.failures = Counter.builder("bakery.tenant.deletion.outbox.delivery.failures")
                .description("Failed deliveries of deletion requests to the orchestrator (each retried)")
                .register(meters);
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(this::deliverDue, properties.outbox().relayInterval());
    }

    /**
     * Delivers the job's request now unless it was delivered or another delivery holds it.
     *
     * @return the id of the job the orchestrator holds (it may differ from {@code jobId} when the
     *     tenant already had an active job there), or empty when not delivered now
     */
    Optional<UUID> deliver(UUID jobId) {
        try {
            return outbox.claimUndelivered(jobId, properties.deliveryLease()).flatMap(this::deliverClaimed);
        } catch (RuntimeException e) {
            log.warn("Could not deliver deletion job {} now; the relay will: {}", jobId, e.toString());
            return Optional.empty();
        }
    }

    /** Delivers the requests that are due, at most {@code batch-size} of them. */
    void deliverDue() {
        try {
            for (int i = 0; i < properties.outbox().batchSize(); i++) {
                Optional<Claim> claim = outbox.claimNextDue(clock.instant(), properties.deliveryLease());
                if (claim.isEmpty()) {
                    return;
                }
                deliverClaimed(claim.get());
            }
        } catch (RuntimeException e) {
            log.warn(
                    "Outbox relay pass failed; next pass in {}",
                    properties.outbox().relayInterval(),
                    e);
        }
    }

    /** Calls the orchestrator for a claimed request (no transaction open), then records the outcome. */
    private Optional<UUID> deliverClaimed(Claim claim) {
        OutboxEntry entry = claim.entry();
        try {
            HeldJob held = orchestrator.createJob(entry);
            UUID heldJob = held.jobId();
            transactions.executeWithoutResult(status -> {
                if (!outbox.markDelivered(claim, clock.instant())) {
                    log.info(
                            "Deletion request {} of tenant {} was delivered after its claim expired",
                            entry.jobId(),
                            entry.tenantId());
                }
                if (!heldJob.equals(entry.jobId())) {
                    outbox.adoptJob(entry.tenantId(), entry.jobId(), heldJob);
                    log.info(
                            "Tenant {} already had deletion job {} at the orchestrator; it replaces request {}",
                            entry.tenantId(),
                            heldJob,
                            entry.jobId());
                }
                if (held.status() != null) {
                    tenants.recordStatus(entry.tenantId(), heldJob, held.status());
                }
            });
            deliveries.increment();
            log.info(
                    "Delivered deletion request of tenant {} as job {} after {} failed attempts",
                    entry.tenantId(),
                    heldJob,
                    entry.attempts());
            return Optional.of(heldJob);
        } catch (OrchestratorCallException e) {
            int failed = entry.attempts() + 1;
            Instant next = clock.instant().plus(properties.outbox().backoffAfter(failed));
            outbox.markFailed(claim, next, e.getMessage(), e.possiblyDelivered());
            failures.increment();
            log.warn(
                    "Could not deliver deletion job {} of tenant {} (attempt {}): {}; next attempt at {}",
                    entry.jobId(),
                    entry.tenantId(),
                    failed,
                    e.getMessage(),
                    next);
            return Optional.empty();
        }
    }
}
