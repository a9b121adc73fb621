package com.bakeryia.tenant.deletion;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.tenant.testing.TenantApi.Response;
import com.bakeryia.tenant.testing.TenantServiceIntegrationTest;
import com.bakeryia.tenant.testing.TestFleet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "tenant.deletion.grace-period=PT1H")
class DeletionCancelIntegrationTests extends TenantServiceIntegrationTest {

    private static final String SETTINGS = "{\"time_zone\":\"UTC\",\"currency\":\"EUR\",\"locale\":\"en\"}";

    @Autowired
    private DeletionReconciler reconciler;

    @Test
    void theOwnerCancelsWithinTheGracePeriodAndTheTenantIsActiveAgain() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Arrepentida");
        Response deletion = api.as(owner, "DELETE", "/api/v1/tenants/" + tenant, null);
        assertThat(Duration.between(
                        Instant.parse(deletion.json().get("requested_at").asText()),
                        Instant.parse(deletion.json().get("not_before").asText())))
                .isEqualTo(Duration.ofHours(1));
        UUID jobId = UUID.fromString(deletion.json().get("job_id").asText());

        Response cancel = api.as(owner, "POST", "/api/v1/tenants/" + tenant + "/deletion/cancel", null);

        assertThat(cancel.status()).as(cancel.body()).isEqualTo(200);
        assertThat(cancel.json().get("status").asText()).isEqualTo("ACTIVE");
        assertThat(cancel.json().get("cancelled_job_id").asText()).isEqualTo(jobId.toString());
        assertThat(TestFleet.ORCHESTRATOR.cancels())
                .singleElement()
                .satisfies(request ->
                        assertThat(request.getUrl()).isEqualTo("/api/v1/deletion-jobs/" + jobId + "/cancel"));
        assertThat(api.as(owner, "GET", "/api/v1/tenants/" + tenant, null)
                        .json()
                        .get("status")
                        .asText())
                .isEqualTo("ACTIVE");
        assertThat(api.as(
                                owner,
                                "PUT",
                                "/api/v1/tenants/" + tenant + "/settings",
                                "{\"time_zone\":\"UTC\",\"currency\":\"EUR\",\"locale\":\"en\"}")
                        .status())
                .isEqualTo(200);
        Response again = api.as(owner, "DELETE", "/api/v1/tenants/" + tenant, null);
        assertThat(again.json().get("job_id").asText()).isNotEqualTo(jobId.toString());
    }

    @Test
    void cancellingARequestTheOrchestratorNeverGotDropsItFromTheOutbox() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Sin entregar");
        TestFleet.ORCHESTRATOR.down();
        UUID jobId;
        try {
            Response deletion = api.as(owner, "DELETE", "/api/v1/tenants/" + tenant, null);
            jobId = UUID.fromString(deletion.json().get("job_id").asText());

            Response cancel = api.as(owner, "POST", "/api/v1/tenants/" + tenant + "/deletion/cancel", null);

            assertThat(cancel.status()).as(cancel.body()).isEqualTo(200);
            assertThat(rows("tenant_deletion_outbox", tenant)).isZero();
        } finally {
            TestFleet.ORCHESTRATOR.up();
        }
        // five relay intervals of tenant-service-test.properties
        Awaitility.await("the dropped request is never sent")
                .during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(2))
                .until(() -> TestFleet.ORCHESTRATOR.creationsOf(jobId).isEmpty());
    }

    @Test
    void aJobTheOrchestratorAlreadyStartedCannotBeCancelled() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "En marcha");
        api.as(owner, "DELETE", "/api/v1/tenants/" + tenant, null);
        TestFleet.ORCHESTRATOR.refuseCancels();

        Response cancel = api.as(owner, "POST", "/api/v1/tenants/" + tenant + "/deletion/cancel", null);

        assertThat(cancel.status()).isEqualTo(409);
        assertThat(cancel.problemType()).isEqualTo("urn:bakery-ia:problem:deletion-not-cancellable");
        assertThat(cancel.json().get("detail").asText())
                .contains("erasure has begun")
                .contains("cannot be stopped");
        assertThat(jdbc.queryForObject("SELECT status FROM tenant.tenants WHERE tenant_id = ?", String.class, tenant))
                .isEqualTo("DELETION_PENDING");
    }

    @Test
    void theOrchestratorIsAskedToCancelWithNothingOfTheTenantLocked() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Cancelada sin cerrojo");
        UUID jobId = requestDeletion(owner, tenant);
        List<String> calls = locksDuringOrchestratorCalls(tenant);

        Response cancel = api.as(owner, "POST", "/api/v1/tenants/" + tenant + "/deletion/cancel", null);

        assertThat(cancel.status()).as(cancel.body()).isEqualTo(200);
        assertThat(calls)
                .anySatisfy(call -> assertThat(call).startsWith("POST /api/v1/deletion-jobs/" + jobId + "/cancel:"))
                .allSatisfy(call -> assertThat(call).endsWith(": free"));
    }

    @Test
    void aLostCancelAnswerIs503AndTheReconcilerMakesTheTenantActiveOnceItReadsTheJobCancelled() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Respuesta perdida");
        UUID jobId = requestDeletion(owner, tenant);
        TestFleet.ORCHESTRATOR.loseTheCancelAnswer(jobId);

        Response cancel = api.as(owner, "POST", "/api/v1/tenants/" + tenant + "/deletion/cancel", null);

        assertThat(cancel.status()).as(cancel.body()).isEqualTo(503);
        assertThat(cancel.problemType()).isEqualTo("urn:bakery-ia:problem:orchestrator-unavailable");
        assertThat(cancel.body()).doesNotContain("http://", "/api/v1/deletion-jobs", "failed:");
        assertThat(TestFleet.ORCHESTRATOR.cancels()).hasSize(1);
        assertThat(tenantRow(tenant)).containsEntry("status", "DELETION_PENDING");
        assertThat(api.as(owner, "PUT", "/api/v1/tenants/" + tenant + "/settings", SETTINGS)
                        .status())
                .isEqualTo(409);

        reconciler.reconcileDue();

        assertThat(tenantRow(tenant))
                .containsEntry("status", "ACTIVE")
                .containsEntry("deletion_job_id", null)
                .containsEntry("deletion_requested_at", null)
                .containsEntry("deletion_not_before", null)
                .containsEntry("deletion_job_status", null);
        Response view = api.as(owner, "GET", "/api/v1/tenants/" + tenant, null);
        assertThat(view.json().get("status").asText()).isEqualTo("ACTIVE");
        assertThat(view.json().get("deletion").isNull()).isTrue();
        assertThat(api.as(owner, "PUT", "/api/v1/tenants/" + tenant + "/settings", SETTINGS)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void anOrchestratorThatCannotAnswerNowLeavesTheTenantPendingWith503() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Sin respuesta");
        requestDeletion(owner, tenant);
        TestFleet.ORCHESTRATOR.failCancels();

        Response cancel = api.as(owner, "POST", "/api/v1/tenants/" + tenant + "/deletion/cancel", null);

        assertThat(cancel.status()).as(cancel.body()).isEqualTo(503);
        assertThat(cancel.problemType()).isEqualTo("urn:bakery-ia:problem:orchestrator-unavailable");
        assertThat(tenantRow(tenant)).containsEntry("status", "DELETION_PENDING");
    }

    @Test
    void aJobTheOrchestratorDoesNotKnowIsCancelledHere() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Desconocida");
        UUID jobId = requestDeletion(owner, tenant);
        TestFleet.ORCHESTRATOR.forgetJob(jobId);

        Response cancel = api.as(owner, "POST", "/api/v1/tenants/" + tenant + "/deletion/cancel", null);

        assertThat(cancel.status()).as(cancel.body()).isEqualTo(200);
        assertThat(cancel.json().get("cancelled_job_id").asText()).isEqualTo(jobId.toString());
        assertThat(tenantRow(tenant)).containsEntry("status", "ACTIVE").containsEntry("deletion_job_id", null);
    }

    @Test
    void aRequestTheOrchestratorMayHaveGotIsCancelledThereNotJustDroppedHere() {
        UUID owner = UUID.randomUUID();
        UUID tenant = UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        pendingWithUndeliveredRequest(owner, tenant, jobId, "possibly_delivered = true");

        Response cancel = api.as(owner, "POST", "/api/v1/tenants/" + tenant + "/deletion/cancel", null);

        assertThat(cancel.status()).as(cancel.body()).isEqualTo(200);
        assertThat(TestFleet.ORCHESTRATOR.cancels())
                .singleElement()
                .satisfies(request ->
                        assertThat(request.getUrl()).isEqualTo("/api/v1/deletion-jobs/" + jobId + "/cancel"));
        assertThat(tenantRow(tenant)).containsEntry("status", "ACTIVE");
        assertThat(jdbc.queryForMap(
                        "SELECT delivered_at IS NOT NULL AS delivered, claim_id FROM tenant.tenant_deletion_outbox"
                                + " WHERE job_id = ?",
                        jobId))
                .containsEntry("delivered", true)
                .containsEntry("claim_id", null);
    }

    @Test
    void aRequestWhoseDeliveryDiedMidCallAndThatTheOrchestratorNeverGotIsDroppedAfterAsking() {
        UUID owner = UUID.randomUUID();
        UUID tenant = UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        pendingWithUndeliveredRequest(
                owner, tenant, jobId, "claim_id = gen_random_uuid(), claimed_until = now() - interval '1 minute'");
        TestFleet.ORCHESTRATOR.forgetJob(jobId);

        Response cancel = api.as(owner, "POST", "/api/v1/tenants/" + tenant + "/deletion/cancel", null);

        assertThat(cancel.status()).as(cancel.body()).isEqualTo(200);
        assertThat(TestFleet.ORCHESTRATOR.cancels()).hasSize(1);
        assertThat(tenantRow(tenant)).containsEntry("status", "ACTIVE");
        assertThat(rows("tenant_deletion_outbox", tenant)).isZero();
    }

    @Test
    void aCancelWhileTheRequestIsBeingDeliveredIs503AndChangesNothing() {
        UUID owner = UUID.randomUUID();
        UUID tenant = UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        pendingWithUndeliveredRequest(
                owner, tenant, jobId, "claim_id = gen_random_uuid(), claimed_until = now() + interval '1 hour'");

        Response cancel = api.as(owner, "POST", "/api/v1/tenants/" + tenant + "/deletion/cancel", null);

        assertThat(cancel.status()).as(cancel.body()).isEqualTo(503);
        assertThat(cancel.problemType()).isEqualTo("urn:bakery-ia:problem:orchestrator-unavailable");
        assertThat(TestFleet.ORCHESTRATOR.cancels()).isEmpty();
        assertThat(tenantRow(tenant)).containsEntry("status", "DELETION_PENDING");
        assertThat(rows("tenant_deletion_outbox", tenant)).isEqualTo(1);
    }

    /**
     * A tenant of the owner pending deletion within its grace period, with its request undelivered
     * in the state given (an assignment to outbox columns), and not due for the relay for an hour.
     */
    private void pendingWithUndeliveredRequest(UUID owner, UUID tenant, UUID jobId, String outboxState) {
        jdbc.update(
                "INSERT INTO tenant.tenants (tenant_id, name, status, created_by, created_at, deletion_job_id,"
                        + " deletion_requested_at, deletion_not_before) VALUES (?, 'Incierta', 'DELETION_PENDING', ?,"
                        + " now(), ?, now(), now() + interval '1 hour')",
                tenant,
                owner,
                jobId);
        jdbc.update(
                "INSERT INTO tenant.tenant_members (tenant_id, user_id, role, joined_at) VALUES (?, ?, 'OWNER', now())",
                tenant,
                owner);
        jdbc.update(
                "INSERT INTO tenant.tenant_deletion_outbox (job_id, tenant_id, requested_by, not_before, attempts,"
                        + " next_attempt_at, created_at) VALUES (?, ?, ?, now() + interval '1 hour', 1,"
                        + " now() + interval '1 hour', now())",
                jobId,
                tenant,
                owner.toString());
        jdbc.update("UPDATE tenant.tenant_deletion_outbox SET " + outboxState + " WHERE job_id = ?", jobId);
    }

    /** Requests the tenant's deletion and waits until the orchestrator has the job. */
    private UUID requestDeletion(UUID owner, UUID tenant) {
        Response deletion = api.as(owner, "DELETE", "/api/v1/tenants/" + tenant, null);
        assertThat(deletion.status()).as(deletion.body()).isEqualTo(202);
        UUID jobId = UUID.fromString(deletion.json().get("job_id").asText());
        await("the request is marked delivered", () -> delivered(jobId));
        return jobId;
    }

    private Map<String, Object> tenantRow(UUID tenant) {
        return jdbc.queryForMap("SELECT * FROM tenant.tenants WHERE tenant_id = ?", tenant);
    }

    @Test
    void theOwnerOrAnAdminCancelsButNotAMemberAndOnlyAPendingDeletion() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Dueña");
        UUID admin = UUID.randomUUID();
        UUID member = UUID.randomUUID();
        api.addMember(owner, tenant, admin, "ADMIN");
        api.addMember(owner, tenant, member, "MEMBER");

        Response nothingPending = api.as(owner, "POST", "/api/v1/tenants/" + tenant + "/deletion/cancel", null);
        api.as(owner, "DELETE", "/api/v1/tenants/" + tenant, null);
        Response byMember = api.as(member, "POST", "/api/v1/tenants/" + tenant + "/deletion/cancel", null);
        Response byStranger = api.as(UUID.randomUUID(), "POST", "/api/v1/tenants/" + tenant + "/deletion/cancel", null);

        assertThat(nothingPending.status()).isEqualTo(409);
        assertThat(nothingPending.problemType()).isEqualTo("urn:bakery-ia:problem:no-deletion-pending");
        assertThat(byMember.status()).isEqualTo(403);
        assertThat(byMember.problemType()).isEqualTo("urn:bakery-ia:problem:insufficient-role");
        assertThat(byStranger.status()).isEqualTo(404);
        assertThat(rows("tenants", tenant)).isEqualTo(1);

        Response byAdmin = api.as(admin, "POST", "/api/v1/tenants/" + tenant + "/deletion/cancel", null);

        assertThat(byAdmin.status()).as(byAdmin.body()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT status FROM tenant.tenants WHERE tenant_id = ?", String.class, tenant))
                .isEqualTo("ACTIVE");
    }
}
