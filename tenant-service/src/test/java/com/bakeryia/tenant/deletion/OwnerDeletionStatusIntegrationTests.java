package com.bakeryia.tenant.deletion;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.tenant.testing.TenantApi.Response;
import com.bakeryia.tenant.testing.TenantServiceIntegrationTest;
import com.bakeryia.tenant.testing.TestFleet;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The owner follows their tenant's erasure at tenant-service ({@code GET /api/v1/tenants/{id}/deletion}
 * and its receipt), in their own terms, before and after the tenant is gone, and only for the
 * retention period; the orchestrator's job is stubbed in each state.
 */
@TestPropertySource(properties = {"tenant.deletion.grace-period=PT1H", "tenant.deletion.status-retention=P90D"})
class OwnerDeletionStatusIntegrationTests extends TenantServiceIntegrationTest {

    private static final String STEPS_5_OF_13 = steps(5, 13);

    @Autowired
    private DeletionReconciler reconciler;

    @Test
    void theOwnerSeesTheErasureScheduledUntilEraseAtAndMayCancel() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Programada");
        Response deletion = api.as(owner, "DELETE", "/api/v1/tenants/" + tenant, null);
        UUID job = UUID.fromString(deletion.json().get("job_id").asText());
        TestFleet.ORCHESTRATOR.answerJobJson(
                job, job(job, "PENDING", "\"cancellable\":true,\"steps\":" + steps(0, 13)));

        Response status = api.as(owner, "GET", deletion.header("Location").orElseThrow(), null);

        assertThat(status.status()).as(status.body()).isEqualTo(200);
        assertThat(status.json().get("state").asText()).isEqualTo("scheduled");
        assertThat(status.json().get("job_id").asText()).isEqualTo(job.toString());
        assertThat(status.json().get("erase_at").asText())
                .isEqualTo(deletion.json().get("erase_at").asText());
        assertThat(Duration.between(
                        Instant.parse(status.json().get("requested_at").asText()),
                        Instant.parse(status.json().get("erase_at").asText())))
                .isEqualTo(Duration.ofHours(1));
        assertThat(status.json().get("can_cancel").asBoolean()).isTrue();
        assertThat(status.json().get("live").asBoolean()).isTrue();
        assertThat(status.json().get("message").asText()).contains("exports");
    }

    @Test
    void anAdminReadsItToo_aMemberGets403_aStrangerGets404() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Vista");
        UUID admin = UUID.randomUUID();
        UUID member = UUID.randomUUID();
        api.addMember(owner, tenant, admin, "ADMIN");
        api.addMember(owner, tenant, member, "MEMBER");
        assertThat(api.as(owner, "DELETE", "/api/v1/tenants/" + tenant, null).status())
                .isEqualTo(202);
        String path = "/api/v1/tenants/" + tenant + "/deletion";

        assertThat(api.as(admin, "GET", path, null).status()).isEqualTo(200);
        Response byMember = api.as(member, "GET", path, null);
        assertThat(byMember.status()).isEqualTo(403);
        assertThat(byMember.problemType()).isEqualTo("urn:bakery-ia:problem:insufficient-role");
        Response byStranger = api.as(UUID.randomUUID(), "GET", path, null);
        assertThat(byStranger.status()).isEqualTo(404);
        assertThat(byStranger.problemType()).isEqualTo("urn:bakery-ia:problem:tenant-not-found");
        assertThat(api.call("GET", path, null, null).status()).isEqualTo(401);
        assertThat(api.as(admin, "GET", "/api/v1/tenants/" + tenant + "/deletion/receipt", null)
                        .status())
                .as("no receipt before completion")
                .isEqualTo(409);
        assertThat(api.as(member, "GET", "/api/v1/tenants/" + tenant + "/deletion/receipt", null)
                        .status())
                .isEqualTo(403);
    }

    @Test
    void aTenantWithoutRequestAnswers404NoDeletionRequested() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Tranquila");

        Response status = api.as(owner, "GET", "/api/v1/tenants/" + tenant + "/deletion", null);

        assertThat(status.status()).isEqualTo(404);
        assertThat(status.problemType()).isEqualTo("urn:bakery-ia:problem:no-deletion-requested");
    }

    @Test
    void progressRetryingHoldAndFailureInTheOwnersTerms() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "En curso");
        UUID job = requestDeletion(owner, tenant);
        String path = "/api/v1/tenants/" + tenant + "/deletion";

        TestFleet.ORCHESTRATOR.answerJobJson(job, job(job, "IN_PROGRESS", "\"steps\":" + STEPS_5_OF_13));
        Response inProgress = api.as(owner, "GET", path, null);
        assertThat(inProgress.json().get("state").asText()).isEqualTo("in_progress");
        assertThat(inProgress.json().get("services_done").asInt()).isEqualTo(5);
        assertThat(inProgress.json().get("services_total").asInt()).isEqualTo(13);
        assertThat(inProgress.json().get("can_cancel").asBoolean()).isFalse();

        TestFleet.ORCHESTRATOR.answerJobJson(
                job,
                job(
                        job,
                        "RETRYING",
                        "\"retrying_since\":\"2026-12-01T10:00:00Z\",\"next_attempt_at\":\"2026-12-01T10:05:00Z\","
                                + "\"steps\":" + STEPS_5_OF_13));
        Response retrying = api.as(owner, "GET", path, null);
        assertThat(retrying.json().get("state").asText()).isEqualTo("retrying");
        assertThat(retrying.json().get("retrying_since").asText()).isEqualTo("2026-12-01T10:00:00Z");
        assertThat(retrying.json().get("next_attempt_at").asText()).isEqualTo("2026-12-01T10:05:00Z");
        assertThat(retrying.json().get("services_done").asInt()).isEqualTo(5);

        TestFleet.ORCHESTRATOR.answerJobJson(
                job, job(job, "PENDING", "\"on_hold\":true,\"cancellable\":true,\"steps\":" + steps(0, 13)));
        Response held = api.as(owner, "GET", path, null);
        assertThat(held.json().get("state").asText()).isEqualTo("on_hold");
        assertThat(held.json().get("on_hold").asBoolean()).isTrue();
        assertThat(held.json().get("can_cancel").asBoolean()).isTrue();

        TestFleet.ORCHESTRATOR.answerJobJson(
                job, job(job, "FAILED", "\"failure_reason\":\"deadline\",\"steps\":" + STEPS_5_OF_13));
        Response failed = api.as(owner, "GET", path, null);
        assertThat(failed.json().get("state").asText()).isEqualTo("failed");
        assertThat(failed.json().get("failure_reason").asText()).isEqualTo("deadline");
        assertThat(failed.json().get("message").asText()).contains("support has been alerted");
    }

    @Test
    void withoutTheOrchestratorTheOwnerGetsWhatTenantServiceKnows() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Sin red");
        requestDeletion(owner, tenant);
        TestFleet.ORCHESTRATOR.down();
        try {
            Response status = api.as(owner, "GET", "/api/v1/tenants/" + tenant + "/deletion", null);

            assertThat(status.status()).as(status.body()).isEqualTo(200);
            assertThat(status.json().get("state").asText()).isEqualTo("scheduled");
            assertThat(status.json().get("live").asBoolean()).isFalse();
        } finally {
            TestFleet.ORCHESTRATOR.up();
        }
    }

    @Test
    void aCancelledRequestReadsCancelled() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Arrepentida");
        requestDeletion(owner, tenant);

        assertThat(api.as(owner, "POST", "/api/v1/tenants/" + tenant + "/deletion/cancel", null)
                        .status())
                .isEqualTo(200);
        Response status = api.as(owner, "GET", "/api/v1/tenants/" + tenant + "/deletion", null);

        assertThat(status.json().get("state").asText()).isEqualTo("cancelled");
        assertThat(status.json().hasNonNull("cancelled_at")).isTrue();
        assertThat(status.json().get("can_cancel").asBoolean()).isFalse();
    }

    @Test
    void afterTheErasureOnlyTheFormerOwnerReadsStatusAndReceiptUntilTheRetentionEnds() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Borrada");
        UUID admin = UUID.randomUUID();
        api.addMember(owner, tenant, admin, "ADMIN");
        UUID job = requestDeletion(owner, tenant);
        TestFleet.ORCHESTRATOR.answerJobJson(
                job, job(job, "COMPLETED", "\"finished_at\":\"2026-12-01T10:00:00Z\",\"steps\":" + steps(13, 13)));
        TestFleet.ORCHESTRATOR.answerReceipt(job, "a.b.c", "{\"keys\":[{\"kty\":\"EC\",\"kid\":\"r1\"}]}");
        reconciler.reconcileDue();
        assertThat(rows("tenants", tenant)).as("erased here").isZero();
        String path = "/api/v1/tenants/" + tenant + "/deletion";

        Response status = api.as(owner, "GET", path, null);
        assertThat(status.status()).as(status.body()).isEqualTo(200);
        assertThat(status.json().get("state").asText()).isEqualTo("completed");
        assertThat(status.json().get("erased_at").asText()).isEqualTo("2026-12-01T10:00:00Z");
        assertThat(status.json().get("receipt_url").asText()).isEqualTo(path + "/receipt");
        Instant availableUntil =
                Instant.parse(status.json().get("available_until").asText());
        assertThat(availableUntil).isAfter(Instant.now().plus(Duration.ofDays(89)));
        Response receipt = api.as(owner, "GET", path + "/receipt", null);
        assertThat(receipt.status()).as(receipt.body()).isEqualTo(200);
        assertThat(receipt.json().get("receipt").asText()).isEqualTo("a.b.c");
        assertThat(receipt.json().get("jwks").get("keys").get(0).get("kid").asText())
                .isEqualTo("r1");
        assertThat(TestFleet.ORCHESTRATOR.receiptReadsOf(job)).isNotEmpty();

        assertThat(api.as(admin, "GET", path, null).status())
                .as("the former admin: no membership is left")
                .isEqualTo(404);
        assertThat(api.as(UUID.randomUUID(), "GET", path + "/receipt", null).status())
                .isEqualTo(404);

        jdbc.update(
                "UPDATE tenant.tenant_deletion_requests SET erased_at = now() - interval '90 days 1 second'"
                        + " WHERE job_id = ?",
                job);
        Response expired = api.as(owner, "GET", path, null);
        assertThat(expired.status()).isEqualTo(404);
        assertThat(expired.problemType()).isEqualTo("urn:bakery-ia:problem:tenant-not-found");
        assertThat(api.as(owner, "GET", path + "/receipt", null).status()).isEqualTo(404);
    }

    private UUID requestDeletion(UUID owner, UUID tenant) {
        Response response = api.as(owner, "DELETE", "/api/v1/tenants/" + tenant, null);
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        UUID job = UUID.fromString(response.json().get("job_id").asText());
        await("the request is delivered", () -> delivered(job));
        return job;
    }

    private static String job(UUID job, String status, String fields) {
        return "{\"job_id\":\"" + job + "\",\"status\":\"" + status + "\"," + fields + "}";
    }

    private static String steps(int succeeded, int total) {
        StringBuilder steps = new StringBuilder("[");
        for (int i = 0; i < total; i++) {
            steps.append(i == 0 ? "" : ",")
                    .append("{\"service_name\":\"s")
                    .append(i)
                    .append("\",\"status\":\"")
                    .append(i < succeeded ? "SUCCEEDED" : "PENDING")
                    .append("\"}");
        }
        return steps.append("]").toString();
    }
}
