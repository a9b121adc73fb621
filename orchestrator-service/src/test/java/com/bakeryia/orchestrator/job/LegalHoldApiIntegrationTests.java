package com.bakeryia.orchestrator.job;

import static com.bakeryia.orchestrator.support.FleetStub.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bakeryia.fleet.token.ServiceTokenScopes;
import com.bakeryia.orchestrator.support.OrchestratorTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Legal holds through the API, with the worker running against the fleet stub: a held tenant's job
 * waits PENDING (on hold in its view) whether the hold came before the job or before its first step,
 * and runs once lifted; a hold is refused past the point of no return; the owner can still cancel;
 * the audit chain and the receipt record the hold; who may place, lift and read it.
 */
@SuppressWarnings("unchecked")
class LegalHoldApiIntegrationTests extends OrchestratorTestSupport {

    private static final String JOBS = "/api/v1/deletion-jobs/";
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(20);
    private static final String HOLD_BODY = "{\"reason\":\"litigation\",\"reference\":\"case 17\"}";

    private final String adminA = UUID.randomUUID().toString();
    private final String adminB = UUID.randomUUID().toString();

    @Test
    void aHoldPlacedBeforeTheJobKeepsItWaitingPastItsNotBeforeUntilLifted() throws Exception {
        UUID tenant = UUID.randomUUID();

        Answer placed = put(hold(tenant), adminToken(adminA), HOLD_BODY);

        assertThat(placed.status()).as(placed.text()).isEqualTo(201);
        JsonNode hold = placed.json();
        assertThat(hold.path("tenant_id").asText()).isEqualTo(tenant.toString());
        assertThat(hold.path("reason").asText()).isEqualTo("litigation");
        assertThat(hold.path("reference").asText()).isEqualTo("case 17");
        assertThat(hold.path("placed_by").asText()).isEqualTo(adminA);
        assertThat(hold.path("placed_at").asText()).isNotEmpty();
        assertThat(hold.path("active").asBoolean()).isTrue();
        assertThat(hold.path("lifted_by").isNull()).isTrue();
        assertThat(hold.path("lifted_at").isNull()).isTrue();
        assertThat(hold.path("lift_reason").isNull()).isTrue();

        UUID jobId = createJob(tenant);
        await("the held job is not claimed although due")
                .during(Duration.ofMillis(1500))
                .atMost(Duration.ofSeconds(3))
                .until(() -> job(jobId).path("attempt").asInt() == 0);
        JsonNode waiting = job(jobId);
        assertThat(waiting.path("status").asText()).isEqualTo("PENDING");
        assertThat(waiting.path("on_hold").asBoolean()).isTrue();
        assertThat(waiting.path("legal_hold").path("reference").asText()).isEqualTo("case 17");
        assertThat(waiting.path("legal_hold").path("hold_id").asText())
                .isEqualTo(hold.path("hold_id").asText());
        assertThat(waiting.path("cancellable").asBoolean()).isTrue();
        assertThat(FLEET.deletions(tenant)).isEmpty();
        Answer ownersView = get("/api/v1/deletion-jobs/" + jobId, jobReadToken(tenant, jobId));
        assertThat(ownersView.json().path("on_hold").asBoolean()).isTrue();
        Answer ownersHold = get(hold(tenant), tenantReadToken(tenant));
        assertThat(ownersHold.status()).as(ownersHold.text()).isEqualTo(200);
        assertThat(ownersHold.json().path("reference").asText()).isEqualTo("case 17");

        Answer lifted = send("DELETE", hold(tenant) + "?reason=case%20settled", adminToken(adminB), null);

        assertThat(lifted.status()).as(lifted.text()).isEqualTo(200);
        assertThat(lifted.json().path("active").asBoolean()).isFalse();
        assertThat(lifted.json().path("lifted_by").asText()).isEqualTo(adminB);
        assertThat(lifted.json().path("lift_reason").asText()).isEqualTo("case settled");
        assertThat(lifted.json().path("lifted_at").asText()).isNotEmpty();
        JsonNode completed = awaitStatus(jobId, "COMPLETED", JOB_TIMEOUT);
        assertThat(completed.path("on_hold").asBoolean()).isFalse();
        assertThat(completed.path("legal_hold").isNull()).isTrue();
        assertThat(FLEET.deletions(tenant)).hasSize(SERVICES.size());
        assertThat(get(hold(tenant), opsToken()).status()).isEqualTo(404);

        JsonNode audit = get(JOBS + jobId + "/audit", opsToken()).json();
        assertThat(audit.path("chain").path("valid").asBoolean()).isTrue();
        assertThat(audit.path("events").findValuesAsText("type"))
                .containsSubsequence(
                        "JOB_CREATED", "LEGAL_HOLD_PLACED", "LEGAL_HOLD_LIFTED", "JOB_CLAIMED", "JOB_COMPLETED");
        JsonNode placedEvent = event(audit, "LEGAL_HOLD_PLACED");
        assertThat(placedEvent.path("by").asText()).isEqualTo(adminA);
        assertThat(placedEvent.path("reference").asText()).isEqualTo("case 17");
        assertThat(placedEvent.path("hold_id").asText())
                .isEqualTo(hold.path("hold_id").asText());
        JsonNode liftedEvent = event(audit, "LEGAL_HOLD_LIFTED");
        assertThat(liftedEvent.path("by").asText()).isEqualTo(adminB);
        assertThat(liftedEvent.path("reason").asText()).isEqualTo("case settled");

        List<Object> receiptHolds = receiptHolds(jobId);
        assertThat(receiptHolds).singleElement().satisfies(entry -> {
            Map<String, Object> claim = (Map<String, Object>) entry;
            assertThat(claim)
                    .containsEntry("hold_id", hold.path("hold_id").asText())
                    .containsEntry("reason", "litigation")
                    .containsEntry("reference", "case 17")
                    .containsEntry("placed_by", adminA)
                    .containsEntry("lifted_by", adminB)
                    .containsEntry("lift_reason", "case settled")
                    .containsKeys("placed_at", "lifted_at");
        });
    }

    @Test
    void aHoldOnAnActiveJobBeforeItsFirstStepMakesItWaitPastItsNotBefore() throws Exception {
        UUID tenant = UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        Answer created = put(
                JOBS + jobId,
                tenantServiceToken(tenant, jobId),
                jobBody(tenant, Instant.now().plusSeconds(2).toString()));
        assertThat(created.status()).as(created.text()).isEqualTo(201);

        Answer placed = put(hold(tenant), adminToken(adminA), HOLD_BODY);

        assertThat(placed.status()).as(placed.text()).isEqualTo(201);
        assertThat(job(jobId).path("on_hold").asBoolean()).isTrue();
        await("the job stays PENDING past its not_before")
                .during(Duration.ofMillis(3500))
                .atMost(Duration.ofSeconds(5))
                .until(() -> job(jobId).path("status").asText().equals("PENDING"));
        assertThat(FLEET.deletions(tenant)).isEmpty();
        assertThat(send("DELETE", hold(tenant) + "?reason=settled", adminToken(adminB), null)
                        .status())
                .isEqualTo(200);
        awaitStatus(jobId, "COMPLETED", JOB_TIMEOUT);
        assertThat(receiptHolds(jobId)).hasSize(1);
    }

    @Test
    void aHoldIsRefusedOnceTheTenantsJobBeganErasingAndNothingIsRecorded() {
        UUID tenant = UUID.randomUUID();
        FLEET.script("inventory-service", tenant, status(403));
        UUID jobId = createJob(tenant);
        awaitStatus(jobId, "FAILED", JOB_TIMEOUT);

        Answer refused = put(hold(tenant), adminToken(adminA), HOLD_BODY);

        assertThat(refused.status()).as(refused.text()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().path("type").asText())
                .isEqualTo("urn:bakery-ia:problem:erasure-past-point-of-no-return");
        assertThat(refused.json().path("detail").asText()).contains(jobId.toString(), "inventory-service");
        Answer none = get(hold(tenant), opsToken());
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.json().path("type").asText()).isEqualTo("urn:bakery-ia:problem:legal-hold-not-found");
        assertThat(get(hold(tenant) + "s", opsToken()).json()).isEmpty();
        assertThat(get(JOBS + jobId + "/audit", opsToken())
                        .json()
                        .path("events")
                        .findValuesAsText("type"))
                .doesNotContain("LEGAL_HOLD_PLACED");
    }

    @Test
    void theSameHoldAgainIsAnsweredAndAnotherIsRefusedWhileOneIsActive() {
        UUID tenant = UUID.randomUUID();
        Answer first = put(hold(tenant), adminToken(adminA), HOLD_BODY);
        assertThat(first.status()).isEqualTo(201);

        Answer again = put(hold(tenant), adminToken(adminB), HOLD_BODY);
        Answer other = put(hold(tenant), adminToken(adminB), "{\"reason\":\"litigation\",\"reference\":\"case 18\"}");

        assertThat(again.status()).as(again.text()).isEqualTo(200);
        assertThat(again.json().path("hold_id").asText())
                .isEqualTo(first.json().path("hold_id").asText());
        assertThat(again.json().path("placed_by").asText()).isEqualTo(adminA);
        assertThat(other.status()).as(other.text()).isEqualTo(409);
        assertThat(other.contentType()).startsWith("application/problem+json");
        assertThat(other.json().path("type").asText()).isEqualTo("urn:bakery-ia:problem:legal-hold-exists");
        assertThat(get(hold(tenant) + "s", opsToken()).json()).hasSize(1);
        assertThat(send("DELETE", hold(tenant) + "?reason=done", adminToken(adminB), null)
                        .status())
                .isEqualTo(200);
        Answer liftedAgain = send("DELETE", hold(tenant) + "?reason=done", adminToken(adminB), null);
        assertThat(liftedAgain.status()).isEqualTo(404);
        assertThat(liftedAgain.json().path("type").asText()).isEqualTo("urn:bakery-ia:problem:legal-hold-not-found");
        JsonNode history = get(hold(tenant) + "s", tenantReadToken(tenant)).json();
        assertThat(history).hasSize(1);
        assertThat(history.get(0).path("lift_reason").asText()).isEqualTo("done");
    }

    @Test
    void theOwnerCanStillCancelAHeldJob() {
        UUID tenant = UUID.randomUUID();
        assertThat(put(hold(tenant), adminToken(adminA), HOLD_BODY).status()).isEqualTo(201);
        UUID jobId = createJob(tenant);

        Answer cancelled = post(JOBS + jobId + "/cancel", tenantServiceToken(tenant, jobId));

        assertThat(cancelled.status()).as(cancelled.text()).isEqualTo(200);
        assertThat(cancelled.json().path("status").asText()).isEqualTo("CANCELLED");
        assertThat(cancelled.json().path("on_hold").asBoolean()).isFalse();
        assertThat(get(hold(tenant), opsToken()).status())
                .as("the hold stays on the tenant")
                .isEqualTo(200);
        assertThat(FLEET.deletions(tenant)).isEmpty();
        JsonNode audit = get(JOBS + jobId + "/audit", opsToken()).json();
        assertThat(audit.path("chain").path("valid").asBoolean()).isTrue();
        assertThat(audit.path("events").findValuesAsText("type"))
                .containsExactly("JOB_CREATED", "LEGAL_HOLD_PLACED", "JOB_CANCELLED");
    }

    @Test
    void aHoldNeedsAReasonAndAReferenceOfAtMostAThousandCharacters() {
        UUID tenant = UUID.randomUUID();
        String admin = adminToken(adminA);
        Map<String, String> refused = Map.of(
                "{}",
                "reason",
                "{\"reference\":\"case 17\"}",
                "reason",
                "{\"reason\":\" \",\"reference\":\"case 17\"}",
                "reason",
                "{\"reason\":\"" + "x".repeat(1001) + "\",\"reference\":\"case 17\"}",
                "reason",
                "{\"reason\":\"litigation\"}",
                "reference",
                "{\"reason\":\"litigation\",\"reference\":\"\"}",
                "reference",
                "{\"reason\":\"litigation\",\"reference\":\"" + "x".repeat(1001) + "\"}",
                "reference");

        refused.forEach((body, field) -> {
            Answer answer = put(hold(tenant), admin, body);
            assertThat(answer.status()).as(body + ": " + answer.text()).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.json().path("detail").asText()).startsWith(field).contains("1000");
        });
        assertThat(send("PUT", hold(tenant), admin, null).status()).isEqualTo(400);
        assertThat(put("/api/v1/tenants/not-a-uuid/legal-hold", admin, HOLD_BODY)
                        .status())
                .isEqualTo(400);
        assertThat(put(hold(tenant), admin, "{\"reason\":\"x\",\"reference\":\"" + "y".repeat(1000) + "\"}")
                        .status())
                .as("1000 characters are enough")
                .isEqualTo(201);
        Answer noLiftReason = send("DELETE", hold(tenant), admin, null);
        assertThat(noLiftReason.status()).as(noLiftReason.text()).isEqualTo(400);
        assertThat(noLiftReason.json().path("detail").asText()).startsWith("reason");
        assertThat(send("DELETE", hold(tenant) + "?reason=%20", admin, null).status())
                .isEqualTo(400);
        assertThat(get(hold(tenant), opsToken()).status()).as("still held").isEqualTo(200);
        assertThat(send("DELETE", hold(tenant) + "?reason=done", admin, null).status())
                .isEqualTo(200);
    }

    @Test
    void onlyAnAdministratorPlacesAndLiftsAHold() {
        UUID tenant = UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        String writeScope = tenantServiceToken(tenant, jobId);
        List<String> notAdmins = List.of(opsToken(), userToken(), writeScope, tenantReadToken(tenant));

        assertThat(put(hold(tenant), null, HOLD_BODY).status()).isEqualTo(401);
        for (String token : notAdmins) {
            Answer answer = put(hold(tenant), token, HOLD_BODY);
            assertThat(answer.status()).as(answer.text()).isEqualTo(403);
            assertThat(answer.contentType()).startsWith("application/problem+json");
        }
        assertThat(get(hold(tenant), opsToken()).status()).as("nothing placed").isEqualTo(404);

        assertThat(put(hold(tenant), adminToken(adminA), HOLD_BODY).status()).isEqualTo(201);
        assertThat(send("DELETE", hold(tenant) + "?reason=done", null, null).status())
                .isEqualTo(401);
        for (String token : notAdmins) {
            Answer answer = send("DELETE", hold(tenant) + "?reason=done", token, null);
            assertThat(answer.status()).as(answer.text()).isEqualTo(403);
        }
        assertThat(get(hold(tenant), opsToken()).status()).as("not lifted").isEqualTo(200);
        assertThat(send("DELETE", hold(tenant) + "?reason=done", adminToken(adminB), null)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void opsAdministratorsAndTheTenantsOwnServiceTokenReadTheHold() {
        UUID tenant = UUID.randomUUID();
        assertThat(put(hold(tenant), adminToken(adminA), HOLD_BODY).status()).isEqualTo(201);

        for (String path : List.of(hold(tenant), hold(tenant) + "s")) {
            assertThat(get(path, opsToken()).status()).as(path).isEqualTo(200);
            assertThat(get(path, adminToken(adminB)).status()).as(path).isEqualTo(200);
            assertThat(get(path, tenantReadToken(tenant)).status()).as(path).isEqualTo(200);
            assertThat(get(path, null).status()).as(path).isEqualTo(401);
            assertThat(get(path, userToken()).status()).as(path).isEqualTo(403);
            Answer otherTenant = get(path, tenantReadToken(UUID.randomUUID()));
            assertThat(otherTenant.status()).as(path).isEqualTo(403);
            assertThat(otherTenant.text()).doesNotContain("case 17");
            assertThat(get(path, tenantServiceToken(tenant, UUID.randomUUID())).status())
                    .as("the write scope does not read")
                    .isEqualTo(403);
        }
        assertThat(send("DELETE", hold(tenant) + "?reason=done", adminToken(adminB), null)
                        .status())
                .isEqualTo(200);
    }

    private static String hold(UUID tenantId) {
        return "/api/v1/tenants/" + tenantId + "/legal-hold";
    }

    /** tenant-service's token for the owner's status page: scope deletion-jobs.read, bound to the tenant. */
    private static String tenantReadToken(UUID tenantId) {
        return TENANT_SERVICE
                .token()
                .audience("orchestrator-service")
                .scope(ServiceTokenScopes.DELETION_JOBS_READ)
                .tenant(tenantId)
                .sign();
    }

    private static String jobReadToken(UUID tenantId, UUID jobId) {
        return TENANT_SERVICE
                .token()
                .audience("orchestrator-service")
                .scope(ServiceTokenScopes.DELETION_JOBS_READ)
                .tenant(tenantId)
                .jobId(jobId.toString())
                .sign();
    }

    private static JsonNode event(JsonNode audit, String type) {
        for (JsonNode event : audit.path("events")) {
            if (event.path("type").asText().equals(type)) {
                return event.path("payload");
            }
        }
        throw new AssertionError("No " + type + " event in " + audit);
    }

    private List<Object> receiptHolds(UUID jobId) throws Exception {
        Answer receipt = get(JOBS + jobId + "/receipt", opsToken());
        assertThat(receipt.status()).as(receipt.text()).isEqualTo(200);
        return SignedJWT.parse(receipt.json().path("receipt").asText())
                .getJWTClaimsSet()
                .getListClaim("legal_holds");
    }
}
