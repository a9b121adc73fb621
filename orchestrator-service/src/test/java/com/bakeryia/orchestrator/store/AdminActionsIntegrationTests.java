package com.bakeryia.orchestrator.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.orchestrator.support.OrchestratorTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Four eyes in the store, on PostgreSQL: a job an administrator created is skipped by the claim query
 * until a second administrator approved it; approvals by the requester, or that no longer apply,
 * change nothing; every request and approval is in the audit chain.
 */
@TestPropertySource(properties = "orchestrator.worker.enabled=false")
class AdminActionsIntegrationTests extends OrchestratorTestSupport {

    private static final Instant LONG_AGO = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant FAR_AHEAD = Instant.parse("2999-01-01T00:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(30);

    @Autowired
    private JobStore jobs;

    @Autowired
    private AdminActions adminActions;

    @Autowired
    private AuditTrail audit;

    // Issue 15: one administrator's job must not run before a second administrator approved it.
    @Test
    void theClaimQuerySkipsAJobAnAdministratorCreatedUntilASecondOneApproves() {
        UUID jobId = UUID.randomUUID();
        JobStore.Creation creation = adminActions.requestCreation(adminJob(jobId, LONG_AGO, "admin-a"));
        assertThat(creation.outcome()).isEqualTo(JobStore.CreationOutcome.CREATED);
        assertThat(creation.job().awaitingApproval()).isTrue();
        assertThat(creation.job().pendingAdminActions()).singleElement().satisfies(request -> {
            assertThat(request.action()).isEqualTo(AdminActionType.CREATE);
            assertThat(request.requestedBy()).isEqualTo("admin-a");
            assertThat(request.reason()).isEqualTo("court order 17");
        });

        assertThat(claimEverythingDue()).doesNotContain(jobId);

        UUID requestId = creation.job().pendingAdminActions().get(0).requestId();
        AdminActions.Approval approval =
                adminActions.approve(jobId, requestId, "admin-b").orElseThrow();
        assertThat(approval.outcome()).isEqualTo(AdminActions.ApprovalOutcome.APPROVED);
        assertThat(approval.job().awaitingApproval()).isFalse();
        assertThat(approval.job().approvedAdminActions())
                .singleElement()
                .satisfies(request -> assertThat(request.approvedBy()).isEqualTo("admin-b"));

        Optional<JobLease> lease = jobs.claimNext("worker-test", LEASE);
        assertThat(lease).map(JobLease::jobId).contains(jobId);
        jobs.failJob(lease.get(), FailureReason.REJECTED, "test over");
        assertThat(audit.verify(jobId).valid()).isTrue();
        assertThat(types(jobId))
                .containsExactly(
                        "JOB_CREATED", "ADMIN_ACTION_REQUESTED", "ADMIN_ACTION_APPROVED", "JOB_CLAIMED", "JOB_FAILED");
        JsonNode requested = audit.events(jobId).get(1).payload();
        assertThat(requested.path("request_id").asText()).isEqualTo(requestId.toString());
        assertThat(requested.path("action").asText()).isEqualTo("CREATE");
        assertThat(requested.path("by").asText()).isEqualTo("admin-a");
        assertThat(requested.path("reason").asText()).isEqualTo("court order 17");
        JsonNode approved = audit.events(jobId).get(2).payload();
        assertThat(approved.path("request_id").asText()).isEqualTo(requestId.toString());
        assertThat(approved.path("by").asText()).isEqualTo("admin-b");
    }

    @Test
    void theRequesterCannotApproveTheirOwnRequest() {
        UUID jobId = UUID.randomUUID();
        DeletionJob job = adminActions
                .requestCreation(adminJob(jobId, LONG_AGO, "admin-a"))
                .job();
        UUID requestId = job.pendingAdminActions().get(0).requestId();

        AdminActions.Approval approval =
                adminActions.approve(jobId, requestId, "admin-a").orElseThrow();

        assertThat(approval.outcome()).isEqualTo(AdminActions.ApprovalOutcome.SAME_ADMINISTRATOR);
        assertThat(jobs.find(jobId).orElseThrow().awaitingApproval()).isTrue();
        assertThat(types(jobId)).containsExactly("JOB_CREATED", "ADMIN_ACTION_REQUESTED");
        assertThat(claimEverythingDue()).doesNotContain(jobId);
        jobs.cancel(jobId, "test over");
    }

    @Test
    void anApprovalOfARequestOnAnotherJobOrOfNoRequestFindsNothing() {
        UUID jobId = UUID.randomUUID();
        DeletionJob job = adminActions
                .requestCreation(adminJob(jobId, FAR_AHEAD, "admin-a"))
                .job();
        UUID requestId = job.pendingAdminActions().get(0).requestId();

        assertThat(adminActions.approve(UUID.randomUUID(), requestId, "admin-b"))
                .isEmpty();
        assertThat(adminActions.approve(jobId, UUID.randomUUID(), "admin-b")).isEmpty();
        assertThat(jobs.find(jobId).orElseThrow().awaitingApproval()).isTrue();
    }

    @Test
    void aSecondApprovalIsRefused() {
        UUID jobId = UUID.randomUUID();
        DeletionJob job = adminActions
                .requestCreation(adminJob(jobId, FAR_AHEAD, "admin-a"))
                .job();
        UUID requestId = job.pendingAdminActions().get(0).requestId();
        adminActions.approve(jobId, requestId, "admin-b");

        AdminActions.Approval again =
                adminActions.approve(jobId, requestId, "admin-c").orElseThrow();

        assertThat(again.outcome()).isEqualTo(AdminActions.ApprovalOutcome.ALREADY_APPROVED);
        assertThat(again.request().approvedBy()).isEqualTo("admin-b");
        assertThat(types(jobId)).filteredOn("ADMIN_ACTION_APPROVED"::equals).hasSize(1);
    }

    @Test
    void aCreationApprovedAfterTheJobWasCancelledNoLongerApplies() {
        UUID jobId = UUID.randomUUID();
        DeletionJob job = adminActions
                .requestCreation(adminJob(jobId, LONG_AGO, "admin-a"))
                .job();
        UUID requestId = job.pendingAdminActions().get(0).requestId();
        jobs.cancel(jobId, "tenant-service");
        int events = types(jobId).size();

        AdminActions.Approval approval =
                adminActions.approve(jobId, requestId, "admin-b").orElseThrow();

        assertThat(approval.outcome()).isEqualTo(AdminActions.ApprovalOutcome.NO_LONGER_APPLIES);
        assertThat(approval.job().status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(approval.job().pendingAdminActions()).hasSize(1);
        assertThat(types(jobId)).hasSize(events);
    }

    @Test
    void aCancelApprovedAfterTheJobStartedNoLongerAppliesAndChangesNothing() {
        UUID jobId = UUID.randomUUID();
        UUID tenant = UUID.randomUUID();
        jobs.create(new NewDeletionJob(jobId, tenant, "owner", null, LONG_AGO, "tenant-service"));
        AdminActions.Requested cancel = adminActions.requestCancel(jobId, "admin-a", "wrong bakery");
        assertThat(cancel.outcome()).isEqualTo(AdminActions.RequestOutcome.REQUESTED);
        JobLease lease = claim(jobId);
        jobs.startStep(lease, SERVICES.get(0));
        int events = types(jobId).size();

        AdminActions.Approval approval = adminActions
                .approve(jobId, cancel.request().requestId(), "admin-b")
                .orElseThrow();

        assertThat(approval.outcome()).isEqualTo(AdminActions.ApprovalOutcome.NO_LONGER_APPLIES);
        assertThat(approval.job().status()).isEqualTo(JobStatus.IN_PROGRESS);
        assertThat(types(jobId)).hasSize(events).doesNotContain("JOB_CANCELLED", "ADMIN_ACTION_APPROVED");
        jobs.failJob(lease, FailureReason.REJECTED, "test over");
    }

    @Test
    void anApprovedCancelCancelsTheJobAndASecondPendingCancelIsRefused() {
        UUID jobId = UUID.randomUUID();
        jobs.create(new NewDeletionJob(jobId, UUID.randomUUID(), "owner", null, FAR_AHEAD, "tenant-service"));
        AdminActions.Requested first = adminActions.requestCancel(jobId, "admin-a", "wrong bakery");
        AdminActions.Requested second = adminActions.requestCancel(jobId, "admin-c", "me too");
        assertThat(second.outcome()).isEqualTo(AdminActions.RequestOutcome.ALREADY_PENDING);
        assertThat(second.request().requestId()).isEqualTo(first.request().requestId());
        assertThat(jobs.find(jobId).orElseThrow().status()).isEqualTo(JobStatus.PENDING);

        AdminActions.Approval approval = adminActions
                .approve(jobId, first.request().requestId(), "admin-b")
                .orElseThrow();

        assertThat(approval.outcome()).isEqualTo(AdminActions.ApprovalOutcome.APPROVED);
        assertThat(approval.job().status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(types(jobId))
                .containsExactly("JOB_CREATED", "ADMIN_ACTION_REQUESTED", "ADMIN_ACTION_APPROVED", "JOB_CANCELLED");
        assertThat(audit.verify(jobId).valid()).isTrue();
    }

    @Test
    void anApprovedExpediteMovesNotBeforeAndTheDeadline() {
        UUID jobId = UUID.randomUUID();
        jobs.create(new NewDeletionJob(jobId, UUID.randomUUID(), "owner", null, FAR_AHEAD, "tenant-service"));
        Instant earlier = Instant.parse("2998-06-01T00:00:00Z");
        AdminActions.Requested expedite = adminActions.requestExpedite(jobId, "admin-a", "owner called", earlier);
        assertThat(jobs.find(jobId).orElseThrow().notBefore()).isEqualTo(FAR_AHEAD);

        AdminActions.Approval approval = adminActions
                .approve(jobId, expedite.request().requestId(), "admin-b")
                .orElseThrow();

        assertThat(approval.outcome()).isEqualTo(AdminActions.ApprovalOutcome.APPROVED);
        assertThat(approval.job().notBefore()).isEqualTo(earlier);
        assertThat(approval.job().deadline()).isEqualTo(earlier.plus(Duration.ofDays(25)));
        assertThat(audit.events(jobId).get(1).payload().path("not_before").asText())
                .isEqualTo(earlier.toString());
        assertThat(jobs.cancel(jobId, "test over")).isPresent();
    }

    private static NewDeletionJob adminJob(UUID jobId, Instant notBefore, String admin) {
        return new NewDeletionJob(jobId, UUID.randomUUID(), admin, "court order 17", notBefore, admin);
    }

    /** Claims every due job (none of this class's jobs but the test's may be due), failing each at once. */
    private List<UUID> claimEverythingDue() {
        List<UUID> claimed = new ArrayList<>();
        for (Optional<JobLease> lease = jobs.claimNext("worker-test", LEASE);
                lease.isPresent();
                lease = jobs.claimNext("worker-test", LEASE)) {
            claimed.add(lease.get().jobId());
            jobs.failJob(lease.get(), FailureReason.REJECTED, "claimed by a test");
        }
        return claimed;
    }

    private JobLease claim(UUID jobId) {
        Optional<JobLease> lease = jobs.claimNext("worker-test", LEASE);
        assertThat(lease).map(JobLease::jobId).contains(jobId);
        return lease.get();
    }

    private List<String> types(UUID jobId) {
        return audit.events(jobId).stream().map(AuditEvent::type).toList();
    }
}
