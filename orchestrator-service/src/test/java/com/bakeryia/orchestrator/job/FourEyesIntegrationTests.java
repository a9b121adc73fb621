package com.bakeryia.orchestrator.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bakeryia.orchestrator.support.OrchestratorTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Four eyes through the API, with the worker running against the fleet stub: an administrator's
 * create, cancel and expedite do nothing until a second, different administrator approves; the
 * audit chain and the receipt record both.
 */
@SuppressWarnings("unchecked")
class FourEyesIntegrationTests extends OrchestratorTestSupport {

    private static final String JOBS = "/api/v1/deletion-jobs/";
    private static final String LONG_AGO = "2000-01-01T00:00:00Z";
    private static final String LATER = "2999-01-01T00:00:00Z";
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(20);

    @Autowired
    private JdbcClient jdbc;

    private final String adminA = UUID.randomUUID().toString();
    private final String adminB = UUID.randomUUID().toString();

    @Test
    void anAdministratorsActionNeedsAReasonOfAtMostAThousandCharacters() {
        UUID tenant = UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        String admin = adminToken(adminA);
        String noReason = "{\"tenant_id\":\"" + tenant + "\",\"requested_by\":\"" + adminA + "\"}";
        String blankReason = "{\"tenant_id\":\"" + tenant + "\",\"requested_by\":\"" + adminA + "\",\"reason\":\" \"}";

        List<Answer> refused = List.of(
                put(JOBS + jobId, admin, noReason),
                put(JOBS + jobId, admin, blankReason),
                put(JOBS + jobId, admin, adminJobBody(tenant, LONG_AGO, "x".repeat(1001))));

        for (Answer answer : refused) {
            assertThat(answer.status()).as(answer.text()).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.json().path("detail").asText()).contains("reason").contains("1000");
        }
        assertThat(get(JOBS + jobId, opsToken()).status()).isEqualTo(404);
        UUID owners = createLaterJob(tenant);
        assertThat(send("POST", JOBS + owners + "/cancel", admin, "{}").status())
                .isEqualTo(400);
        assertThat(send("POST", JOBS + owners + "/cancel", admin, null).status())
                .isEqualTo(400);
        assertThat(send("POST", JOBS + owners + "/expedite", admin, "{\"not_before\":\"" + LONG_AGO + "\"}")
                        .status())
                .isEqualTo(400);
        assertThat(send("POST", JOBS + owners + "/expedite", admin, "{\"reason\":\"owner called\"}")
                        .status())
                .isEqualTo(400);
        assertThat(job(owners).path("pending_approvals")).isEmpty();
    }

    // Issue 15: one credential erased a bakery at once; now a second administrator must approve first.
    @Test
    void aJobAnAdministratorCreatedRunsOnlyOnceASecondAdministratorApproved() throws Exception {
        UUID tenant = UUID.randomUUID();
        UUID jobId = UUID.randomUUID();

        Answer created = put(JOBS + jobId, adminToken(adminA), adminJobBody(tenant, LONG_AGO, "court order 17"));

        assertThat(created.status()).as(created.text()).isEqualTo(201);
        JsonNode job = created.json();
        assertThat(job.path("status").asText()).isEqualTo("PENDING");
        assertThat(job.path("awaiting_approval").asBoolean()).isTrue();
        assertThat(job.path("approvals")).isEmpty();
        JsonNode request = job.path("pending_approvals").get(0);
        assertThat(request.path("action").asText()).isEqualTo("CREATE");
        assertThat(request.path("status").asText()).isEqualTo("PENDING");
        assertThat(request.path("requested_by").asText()).isEqualTo(adminA);
        assertThat(request.path("reason").asText()).isEqualTo("court order 17");
        String approve = request.path("links").path("approve").asText();
        assertThat(approve)
                .isEqualTo(JOBS + jobId + "/approvals/"
                        + request.path("request_id").asText());

        await("no worker claims the job while it awaits approval")
                .during(Duration.ofMillis(1500))
                .atMost(Duration.ofSeconds(3))
                .until(() -> job(jobId).path("attempt").asInt() == 0);
        assertThat(FLEET.deletions(tenant)).isEmpty();

        Answer byOps = post(approve, opsToken());
        Answer bySameAdmin = post(approve, adminToken(adminA));
        assertThat(byOps.status()).as(byOps.text()).isEqualTo(403);
        assertThat(bySameAdmin.status()).as(bySameAdmin.text()).isEqualTo(403);
        assertThat(bySameAdmin.contentType()).startsWith("application/problem+json");
        assertThat(bySameAdmin.json().path("type").asText()).isEqualTo("urn:bakery-ia:problem:four-eyes-required");
        assertThat(job(jobId).path("awaiting_approval").asBoolean()).isTrue();

        Answer approved = post(approve, adminToken(adminB));

        assertThat(approved.status()).as(approved.text()).isEqualTo(200);
        assertThat(approved.json().path("awaiting_approval").asBoolean()).isFalse();
        assertThat(approved.json().path("pending_approvals")).isEmpty();
        assertThat(approved.json().path("approvals").get(0).path("approved_by").asText())
                .isEqualTo(adminB);
        JsonNode completed = awaitStatus(jobId, "COMPLETED", JOB_TIMEOUT);
        assertThat(completed.path("attempt").asInt()).isEqualTo(1);
        assertThat(FLEET.deletions(tenant)).hasSize(SERVICES.size());
        assertThat(post(approve, adminToken(UUID.randomUUID().toString())).status())
                .as("approved before")
                .isEqualTo(409);

        JsonNode audit = get(JOBS + jobId + "/audit", opsToken()).json();
        assertThat(audit.path("chain").path("valid").asBoolean()).isTrue();
        JsonNode requested = event(audit, "ADMIN_ACTION_REQUESTED");
        JsonNode approval = event(audit, "ADMIN_ACTION_APPROVED");
        assertThat(requested.path("payload").path("request_id").asText())
                .isEqualTo(request.path("request_id").asText());
        assertThat(requested.path("payload").path("by").asText()).isEqualTo(adminA);
        assertThat(requested.path("payload").path("reason").asText()).isEqualTo("court order 17");
        assertThat(approval.path("payload").path("by").asText()).isEqualTo(adminB);
        assertThat(approval.path("sequence").asInt())
                .isGreaterThan(requested.path("sequence").asInt());

        List<Object> adminActions = receiptClaims(jobId).getListClaim("admin_actions");
        assertThat(adminActions)
                .singleElement()
                .satisfies(action -> assertThat((Map<String, Object>) action)
                        .containsEntry("action", "CREATE")
                        .containsEntry("requested_by", adminA)
                        .containsEntry("reason", "court order 17")
                        .containsEntry("approved_by", adminB)
                        .containsKeys("requested_at", "approved_at"));
    }

    @Test
    void anAdministratorsCancelWaitsForASecondAdministrator() {
        UUID tenant = UUID.randomUUID();
        UUID jobId = createLaterJob(tenant);

        Answer requested = send("POST", JOBS + jobId + "/cancel", adminToken(adminA), "{\"reason\":\"wrong bakery\"}");

        assertThat(requested.status()).as(requested.text()).isEqualTo(202);
        assertThat(requested.json().path("status").asText()).isEqualTo("PENDING");
        JsonNode request = requested.json().path("pending_approvals").get(0);
        assertThat(request.path("action").asText()).isEqualTo("CANCEL");
        assertThat(requested.location())
                .isEqualTo(request.path("links").path("approve").asText());
        Answer again = send("POST", JOBS + jobId + "/cancel", adminToken(adminB), "{\"reason\":\"me too\"}");
        assertThat(again.status()).as("one pending cancel at a time").isEqualTo(409);
        assertThat(post(requested.location(), adminToken(adminA)).status()).isEqualTo(403);
        assertThat(job(jobId).path("status").asText()).isEqualTo("PENDING");

        Answer approved = post(requested.location(), adminToken(adminB));

        assertThat(approved.status()).as(approved.text()).isEqualTo(200);
        assertThat(approved.json().path("status").asText()).isEqualTo("CANCELLED");
        JsonNode audit = get(JOBS + jobId + "/audit", opsToken()).json();
        assertThat(audit.path("chain").path("valid").asBoolean()).isTrue();
        assertThat(audit.path("events").findValuesAsText("type"))
                .containsSubsequence("ADMIN_ACTION_REQUESTED", "ADMIN_ACTION_APPROVED", "JOB_CANCELLED");
    }

    @Test
    void aCancelApprovedAfterAStepStartedIsRefusedAndChangesNothing() {
        UUID tenant = UUID.randomUUID();
        UUID jobId = createLaterJob(tenant);
        Answer requested = send("POST", JOBS + jobId + "/cancel", adminToken(adminA), "{\"reason\":\"wrong bakery\"}");
        assertThat(requested.status()).as(requested.text()).isEqualTo(202);
        // As a worker does when it starts the first step: the point of no return.
        jdbc.sql("UPDATE deletion_step SET started_at = now() WHERE job_id = ? AND position = 0")
                .param(jobId)
                .update();
        int events =
                get(JOBS + jobId + "/audit", opsToken()).json().path("events").size();

        Answer approved = post(requested.location(), adminToken(adminB));

        assertThat(approved.status()).as(approved.text()).isEqualTo(409);
        assertThat(approved.json().path("type").asText()).isEqualTo("urn:bakery-ia:problem:job-not-cancellable");
        assertThat(job(jobId).path("status").asText()).isEqualTo("PENDING");
        assertThat(job(jobId).path("pending_approvals")).hasSize(1);
        assertThat(get(JOBS + jobId + "/audit", opsToken())
                        .json()
                        .path("events")
                        .size())
                .isEqualTo(events);
        jdbc.sql("UPDATE deletion_job SET status = 'CANCELLED', finished_at = now() WHERE id = ?")
                .param(jobId)
                .update();
    }

    @Test
    void anExpediteApprovedAfterTheOwnerCancelledNoLongerApplies() {
        UUID tenant = UUID.randomUUID();
        UUID jobId = createLaterJob(tenant);
        Answer requested = send(
                "POST",
                JOBS + jobId + "/expedite",
                adminToken(adminA),
                "{\"not_before\":\"" + LONG_AGO + "\",\"reason\":\"owner called\"}");
        assertThat(post(JOBS + jobId + "/cancel", tenantServiceToken(tenant, jobId))
                        .status())
                .isEqualTo(200);

        Answer approved = post(requested.location(), adminToken(adminB));

        assertThat(approved.status()).as(approved.text()).isEqualTo(409);
        assertThat(approved.json().path("type").asText()).isEqualTo("urn:bakery-ia:problem:job-state-conflict");
        assertThat(approved.json().path("detail").asText()).contains("no longer applies");
        assertThat(job(jobId).path("not_before").asText()).isEqualTo(LATER);
    }

    @Test
    void tenantServiceStillCancelsAtOnce() {
        UUID tenant = UUID.randomUUID();
        UUID jobId = createLaterJob(tenant);

        Answer cancelled = post(JOBS + jobId + "/cancel", tenantServiceToken(tenant, jobId));

        assertThat(cancelled.status()).as(cancelled.text()).isEqualTo(200);
        assertThat(cancelled.json().path("status").asText()).isEqualTo("CANCELLED");
    }

    @Test
    void anAdministratorCannotAskToCancelACompletedJob() {
        UUID jobId = createJob(UUID.randomUUID());
        awaitStatus(jobId, "COMPLETED", JOB_TIMEOUT);

        Answer refused = send("POST", JOBS + jobId + "/cancel", adminToken(adminA), "{\"reason\":\"too late\"}");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().path("type").asText()).isEqualTo("urn:bakery-ia:problem:job-not-cancellable");
        assertThat(job(jobId).path("pending_approvals")).isEmpty();
    }

    @Test
    void anApprovedExpediteStartsTheJobEarlierAndTheReceiptSaysWhy() throws Exception {
        UUID tenant = UUID.randomUUID();
        UUID jobId = createLaterJob(tenant);
        String notLater = "{\"not_before\":\"" + LATER + "\",\"reason\":\"owner called\"}";
        assertThat(send("POST", JOBS + jobId + "/expedite", adminToken(adminA), notLater)
                        .status())
                .as("not earlier than the job's")
                .isEqualTo(409);

        Answer requested = send(
                "POST",
                JOBS + jobId + "/expedite",
                adminToken(adminA),
                "{\"not_before\":\"" + LONG_AGO + "\",\"reason\":\"owner called\"}");

        assertThat(requested.status()).as(requested.text()).isEqualTo(202);
        assertThat(requested.json().path("not_before").asText()).isEqualTo(LATER);
        JsonNode request = requested.json().path("pending_approvals").get(0);
        assertThat(request.path("action").asText()).isEqualTo("EXPEDITE");
        assertThat(request.path("not_before").asText()).isEqualTo(LONG_AGO);

        Answer approved = post(requested.location(), adminToken(adminB));

        assertThat(approved.status()).as(approved.text()).isEqualTo(200);
        assertThat(approved.json().path("not_before").asText()).isEqualTo(LONG_AGO);
        awaitStatus(jobId, "COMPLETED", JOB_TIMEOUT);
        assertThat(receiptClaims(jobId).getListClaim("admin_actions"))
                .singleElement()
                .satisfies(action -> assertThat((Map<String, Object>) action)
                        .containsEntry("action", "EXPEDITE")
                        .containsEntry("not_before", LONG_AGO)
                        .containsEntry("requested_by", adminA)
                        .containsEntry("approved_by", adminB));
    }

    @Test
    void theReceiptOfAnOwnersJobListsNoAdminAction() throws Exception {
        UUID jobId = createJob(UUID.randomUUID());

        JsonNode completed = awaitStatus(jobId, "COMPLETED", JOB_TIMEOUT);

        assertThat(completed.path("awaiting_approval").asBoolean()).isFalse();
        assertThat(completed.path("pending_approvals")).isEmpty();
        assertThat(completed.path("approvals")).isEmpty();
        assertThat(receiptClaims(jobId).getListClaim("admin_actions")).isEmpty();
    }

    private static String adminJobBody(UUID tenantId, String notBefore, String reason) {
        return "{\"tenant_id\":\"" + tenantId + "\",\"requested_by\":\"legal\",\"reason\":\"" + reason
                + "\",\"not_before\":\"" + notBefore + "\"}";
    }

    private UUID createLaterJob(UUID tenantId) {
        UUID jobId = UUID.randomUUID();
        Answer created = put(JOBS + jobId, tenantServiceToken(tenantId, jobId), jobBody(tenantId, LATER));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return jobId;
    }

    private static JsonNode event(JsonNode audit, String type) {
        for (JsonNode event : audit.path("events")) {
            if (event.path("type").asText().equals(type)) {
                return event;
            }
        }
        throw new AssertionError("No " + type + " in " + audit);
    }

    /** The receipt's claims; its signature is DeletionReceiptIntegrationTests' business. */
    private JWTClaimsSet receiptClaims(UUID jobId) throws Exception {
        Answer receipt = get(JOBS + jobId + "/receipt", opsToken());
        assertThat(receipt.status()).as(receipt.text()).isEqualTo(200);
        return SignedJWT.parse(receipt.json().path("receipt").asText()).getJWTClaimsSet();
    }
}
