package com.bakeryia.orchestrator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.bakeryia.orchestrator.support.OrchestratorTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Legal holds in the store, on PostgreSQL and without a worker: the claim query skips a held tenant's
 * job; placing a hold and a job's first step start exclude each other under the job row's lock,
 * whichever comes first (interleaved deterministically: one side's transaction is held open until the
 * other is seen waiting for its lock); a lift puts the deadline back by the time held.
 */
@TestPropertySource(properties = "orchestrator.worker.enabled=false")
class LegalHoldsIntegrationTests extends OrchestratorTestSupport {

    private static final Instant FAR_AHEAD = Instant.parse("2999-01-01T00:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final String WORKER = "worker-test";

    @Autowired
    private JobStore jobs;

    @Autowired
    private LegalHolds holds;

    @Autowired
    private AuditTrail audit;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private TransactionTemplate transactions;

    @Test
    void theClaimQuerySkipsTheJobOfAHeldTenantUntilTheHoldIsLifted() {
        UUID tenant = UUID.randomUUID();
        UUID jobId = createDueJob(tenant);
        assertThat(holds.place(tenant, "admin-a", "litigation", "case 17").outcome())
                .isEqualTo(LegalHolds.PlacementOutcome.PLACED);

        assertNothingClaimed();
        assertThat(jobs.find(jobId).orElseThrow().onHold()).isTrue();

        assertThat(holds.lift(tenant, "admin-b", "case settled")).isPresent();
        JobLease lease = jobs.claimNext(WORKER, LEASE).orElseThrow();
        assertThat(lease.jobId()).isEqualTo(jobId);
        jobs.failJob(lease, FailureReason.REJECTED, "test over");
        assertThat(types(jobId))
                .containsExactly("JOB_CREATED", "LEGAL_HOLD_PLACED", "LEGAL_HOLD_LIFTED", "JOB_CLAIMED", "JOB_FAILED");
        assertThat(audit.verify(jobId).valid()).isTrue();
    }

    @Test
    void aHoldPlacedBeforeTheJobIsCopiedIntoTheJobsChainWhenTheJobIsCreated() {
        UUID tenant = UUID.randomUUID();
        LegalHold hold = holds.place(tenant, "admin-a", "litigation", "case 18").hold();

        UUID jobId = createDueJob(tenant);

        DeletionJob job = jobs.find(jobId).orElseThrow();
        assertThat(job.onHold()).isTrue();
        assertThat(job.activeLegalHold()).contains(hold);
        assertThat(types(jobId)).containsExactly("JOB_CREATED", "LEGAL_HOLD_PLACED");
        JsonNode placed = audit.events(jobId).get(1).payload();
        assertThat(placed.path("hold_id").asText()).isEqualTo(hold.id().toString());
        assertThat(placed.path("tenant_id").asText()).isEqualTo(tenant.toString());
        assertThat(placed.path("by").asText()).isEqualTo("admin-a");
        assertThat(placed.path("reason").asText()).isEqualTo("litigation");
        assertThat(placed.path("reference").asText()).isEqualTo("case 18");
        assertThat(placed.path("placed_at").asText()).isEqualTo(hold.placedAt().toString());
        assertNothingClaimed();
    }

    @Test
    void aHoldIsRefusedOnceAStepOfTheJobStartedAndNothingIsRecorded() {
        UUID tenant = UUID.randomUUID();
        UUID jobId = createDueJob(tenant);
        JobLease lease = claim(jobId);
        jobs.startStep(lease, "orders-service");

        LegalHolds.Placement refused = holds.place(tenant, "admin-a", "litigation", "case 19");

        assertThat(refused.outcome()).isEqualTo(LegalHolds.PlacementOutcome.PAST_POINT_OF_NO_RETURN);
        assertThat(refused.startedServices()).containsExactly("orders-service");
        assertThat(refused.jobId()).isEqualTo(jobId);
        assertThat(holds.active(tenant)).isEmpty();
        assertThat(holds.history(tenant)).isEmpty();
        jobs.failJob(lease, FailureReason.REJECTED, "test over");
        assertThat(types(jobId)).doesNotContain("LEGAL_HOLD_PLACED");
    }

    @Test
    void aWorkerThatClaimedTheJobBeforeTheHoldStartsNoStepAndLetsTheJobWait() {
        UUID tenant = UUID.randomUUID();
        UUID jobId = createDueJob(tenant);
        JobLease lease = claim(jobId);
        holds.place(tenant, "admin-a", "litigation", "case 20");

        assertThatThrownBy(() -> jobs.startStep(lease, "orders-service")).isInstanceOf(JobHeldException.class);

        DeletionJob job = jobs.find(jobId).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.PENDING);
        assertThat(job.startedServices()).isEmpty();
        assertThat(job.cancellable()).isTrue();
        assertThat(lease.isRevoked()).isTrue();
        assertThat(types(jobId)).containsExactly("JOB_CREATED", "JOB_CLAIMED", "LEGAL_HOLD_PLACED", "JOB_HELD");
        assertNothingClaimed();
    }

    // The race of the issue: a hold placed while a worker is starting the job's first step.
    @Test
    void aHoldPlacedFirstMakesTheStepStartThatWaitedForItsLockFindTheHold() throws Exception {
        UUID tenant = UUID.randomUUID();
        UUID jobId = createDueJob(tenant);
        JobLease lease = claim(jobId);
        CompletableFuture<Throwable> stepStart = new CompletableFuture<>();

        transactions.executeWithoutResult(status -> {
            // Joins this transaction: the hold and the job row's exclusive lock stay until it commits.
            assertThat(holds.place(tenant, "admin-a", "litigation", "case 21").outcome())
                    .isEqualTo(LegalHolds.PlacementOutcome.PLACED);
            Thread.ofVirtual().start(() -> {
                try {
                    jobs.startStep(lease, "orders-service");
                    stepStart.complete(null);
                } catch (Throwable ex) {
                    stepStart.complete(ex);
                }
            });
            awaitOneSessionWaitingForALock();
            assertThat(stepStart).isNotDone();
        });

        assertThat(stepStart.get(10, TimeUnit.SECONDS)).isInstanceOf(JobHeldException.class);
        DeletionJob job = jobs.find(jobId).orElseThrow();
        assertThat(job.startedServices()).isEmpty();
        assertThat(job.status()).isEqualTo(JobStatus.PENDING);
        assertThat(job.onHold()).isTrue();
        assertThat(audit.verify(jobId).valid()).isTrue();
    }

    @Test
    void aStepStartedFirstMakesThePlacementThatWaitedForItsLockRefuseTheHold() throws Exception {
        UUID tenant = UUID.randomUUID();
        UUID jobId = createDueJob(tenant);
        JobLease lease = claim(jobId);
        CompletableFuture<LegalHolds.Placement> placement = new CompletableFuture<>();

        transactions.executeWithoutResult(status -> {
            // Joins this transaction: the step's start and the job row's share lock stay until it commits.
            jobs.startStep(lease, "orders-service");
            Thread.ofVirtual().start(() -> {
                try {
                    placement.complete(holds.place(tenant, "admin-a", "litigation", "case 22"));
                } catch (Throwable ex) {
                    placement.completeExceptionally(ex);
                }
            });
            awaitOneSessionWaitingForALock();
            assertThat(placement).isNotDone();
        });

        LegalHolds.Placement refused = placement.get(10, TimeUnit.SECONDS);
        assertThat(refused.outcome()).isEqualTo(LegalHolds.PlacementOutcome.PAST_POINT_OF_NO_RETURN);
        assertThat(refused.startedServices()).containsExactly("orders-service");
        assertThat(holds.active(tenant)).isEmpty();
        assertThat(jobs.find(jobId).orElseThrow().startedServices()).containsExactly("orders-service");
        jobs.failJob(lease, FailureReason.REJECTED, "test over");
        assertThat(types(jobId)).doesNotContain("LEGAL_HOLD_PLACED");
    }

    @Test
    void aHoldPlacedWhileTheTenantsJobIsBeingCreatedIsSeenByThatJob() throws Exception {
        UUID tenant = UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        CompletableFuture<JobStore.Creation> creation = new CompletableFuture<>();

        transactions.executeWithoutResult(status -> {
            holds.place(tenant, "admin-a", "litigation", "case 23");
            Thread.ofVirtual().start(() -> {
                try {
                    creation.complete(jobs.create(new NewDeletionJob(
                            jobId,
                            tenant,
                            "owner",
                            "owner asked",
                            Instant.now().minusSeconds(3600),
                            "tenant-service")));
                } catch (Throwable ex) {
                    creation.completeExceptionally(ex);
                }
            });
            awaitOneSessionWaitingForALock();
        });

        assertThat(creation.get(10, TimeUnit.SECONDS).outcome()).isEqualTo(JobStore.CreationOutcome.CREATED);
        assertThat(types(jobId)).containsExactly("JOB_CREATED", "LEGAL_HOLD_PLACED");
        assertThat(jobs.find(jobId).orElseThrow().onHold()).isTrue();
        assertNothingClaimed();
    }

    @Test
    void theSameHoldAgainIsAnsweredAndAnotherIsRefusedWhileOneIsActive() {
        UUID tenant = UUID.randomUUID();
        LegalHold hold = holds.place(tenant, "admin-a", "litigation", "case 24").hold();

        LegalHolds.Placement again = holds.place(tenant, "admin-b", "litigation", "case 24");
        LegalHolds.Placement other = holds.place(tenant, "admin-b", "litigation", "case 25");

        assertThat(again.outcome()).isEqualTo(LegalHolds.PlacementOutcome.ALREADY_PLACED);
        assertThat(again.hold()).isEqualTo(hold);
        assertThat(other.outcome()).isEqualTo(LegalHolds.PlacementOutcome.OTHER_HOLD_ACTIVE);
        assertThat(other.hold()).isEqualTo(hold);
        assertThat(holds.history(tenant)).containsExactly(hold);
        LegalHold lifted = holds.lift(tenant, "admin-b", "settled").orElseThrow();
        assertThat(lifted.liftedBy()).isEqualTo("admin-b");
        assertThat(lifted.liftReason()).isEqualTo("settled");
        assertThat(holds.lift(tenant, "admin-b", "settled")).isEmpty();
        assertThat(holds.place(tenant, "admin-b", "litigation", "case 25").outcome())
                .isEqualTo(LegalHolds.PlacementOutcome.PLACED);
        assertThat(holds.history(tenant)).hasSize(2);
    }

    @Test
    void aLiftPutsTheDeadlineBackByTheTimeTheJobWasHeldWhileDue() {
        UUID tenant = UUID.randomUUID();
        UUID jobId = createDueJob(tenant);
        holds.place(tenant, "admin-a", "litigation", "case 26");
        // As if the job had been due for 30 days, 29 of them held: its 25-day deadline passed 5 days ago.
        jdbc.sql("""
                        UPDATE deletion_job SET created_at = now() - interval '30 days', not_before = now() - interval '30 days',
                                                deadline_at = now() - interval '5 days'
                         WHERE id = ?
                        """).param(jobId).update();
        jdbc.sql("UPDATE tenant_legal_hold SET placed_at = now() - interval '29 days' WHERE tenant_id = ?")
                .param(tenant)
                .update();
        // Held past its deadline, it is not claimed (and so not failed).
        assertNothingClaimed();

        holds.lift(tenant, "admin-b", "settled");

        Instant deadline = jobs.find(jobId).orElseThrow().deadline();
        Instant now =
                jdbc.sql("SELECT now()").query(OffsetDateTime.class).single().toInstant();
        assertThat(Duration.between(now, deadline))
                .as("the 24 days left when the hold was placed")
                .isBetween(
                        Duration.ofDays(24).minusMinutes(1), Duration.ofDays(24).plusMinutes(1));
        JobLease lease = claim(jobId);
        assertThat(lease.deadlinePassed()).isFalse();
        jobs.failJob(lease, FailureReason.REJECTED, "test over");
    }

    @Test
    void aHoldDuringTheGracePeriodDoesNotExtendTheDeadline() {
        UUID tenant = UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        jobs.create(new NewDeletionJob(jobId, tenant, "owner", "owner asked", FAR_AHEAD, "tenant-service"));
        Instant before = jobs.find(jobId).orElseThrow().deadline();
        holds.place(tenant, "admin-a", "litigation", "case 27");

        holds.lift(tenant, "admin-b", "settled");

        assertThat(jobs.find(jobId).orElseThrow().deadline()).isEqualTo(before);
    }

    @Test
    void cancellingAHeldJobStillWorksAndTheHoldStaysOnTheTenant() {
        UUID tenant = UUID.randomUUID();
        UUID jobId = createDueJob(tenant);
        holds.place(tenant, "admin-a", "litigation", "case 28");

        JobStore.StateChange cancel = jobs.cancel(jobId, "tenant-service").orElseThrow();

        assertThat(cancel.outcome()).isEqualTo(JobStore.ChangeOutcome.CHANGED);
        assertThat(cancel.job().onHold()).as("an ended job is not held").isFalse();
        assertThat(holds.active(tenant)).isPresent();
        assertThat(audit.verify(jobId).valid()).isTrue();
    }

    private UUID createDueJob(UUID tenant) {
        UUID jobId = UUID.randomUUID();
        jobs.create(new NewDeletionJob(jobId, tenant, "owner", "owner asked", FAR_AHEAD, "tenant-service"));
        // Due before every other job of the database, so that this test's claim takes it.
        jdbc.sql("UPDATE deletion_job SET not_before = now() - interval '1 year' WHERE id = ?")
                .param(jobId)
                .update();
        return jobId;
    }

    private JobLease claim(UUID jobId) {
        Optional<JobLease> lease = jobs.claimNext(WORKER, LEASE);
        assertThat(lease).map(JobLease::jobId).contains(jobId);
        return lease.orElseThrow();
    }

    /** No job is claimable: the held one is skipped (and this class leaves no other due). */
    private void assertNothingClaimed() {
        assertThat(jobs.claimNext(WORKER, LEASE)).map(JobLease::jobId).isEmpty();
    }

    private void awaitOneSessionWaitingForALock() {
        await().atMost(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> jdbc.sql("""
                                SELECT count(*) FROM pg_stat_activity
                                 WHERE datname = current_database() AND wait_event_type = 'Lock'
                                """).query(Long.class).single() == 1);
    }

    private List<String> types(UUID jobId) {
        return audit.events(jobId).stream().map(AuditEvent::type).toList();
    }
}
