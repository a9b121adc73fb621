package com.bakeryia.tenant.deletion;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.tenant.testing.TenantApi.Response;
import com.bakeryia.tenant.testing.TenantServiceIntegrationTest;
import com.bakeryia.tenant.testing.TestFleet;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class TenantDeletionRequestIntegrationTests extends TenantServiceIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theOwnerGets202WithTheJobCreatedAtTheOrchestratorWithATenantServiceToken() throws Exception {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Panadería Luna");

        Response response = api.as(owner, "DELETE", "/api/v1/tenants/" + tenant, null);

        assertThat(response.status()).as(response.body()).isEqualTo(202);
        UUID jobId = UUID.fromString(response.json().get("job_id").asText());
        String statusUrl = "/api/v1/tenants/" + tenant + "/deletion";
        assertThat(response.json().get("status_url").asText()).isEqualTo(statusUrl);
        assertThat(response.header("Location")).hasValue(statusUrl);
        Instant requestedAt = Instant.parse(response.json().get("requested_at").asText());
        assertThat(Instant.parse(response.json().get("erase_at").asText()))
                .as("the default grace period")
                .isEqualTo(requestedAt.plus(Duration.ofDays(7)));
        assertThat(response.json().get("status").asText()).isEqualTo("DELETION_PENDING");

        awaitJobCreated(jobId);
        LoggedRequest creation = TestFleet.ORCHESTRATOR.creationsOf(jobId).get(0);
        JsonNode body = JSON.readTree(creation.getBodyAsString());
        assertThat(body.get("tenant_id").asText()).isEqualTo(tenant.toString());
        assertThat(body.get("requested_by").asText()).isEqualTo(owner.toString());
        assertThat(body.has("not_before")).isTrue();
        JWTClaimsSet token = verifiedWithTenantServiceKeys(creation.getHeader("Authorization"));
        assertThat(token.getIssuer()).isEqualTo("tenant-service");
        assertThat(token.getAudience()).containsExactly("orchestrator-service");
        assertThat(token.getStringClaim("scope")).isEqualTo("deletion-jobs.write");
        assertThat(token.getStringClaim("tenant_id")).isEqualTo(tenant.toString());
        assertThat(token.getStringClaim("job_id")).isEqualTo(jobId.toString());

        assertThat(jdbc.queryForObject("SELECT status FROM tenant.tenants WHERE tenant_id = ?", String.class, tenant))
                .isEqualTo("DELETION_PENDING");
        await("the request is marked delivered", () -> delivered(jobId));
        assertThat(TestFleet.ORCHESTRATOR.creationsOf(jobId)).hasSize(1);
    }

    @Test
    void aMemberOrAdminWhoIsNotOwnerGets403AndNoJob() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Horno");
        UUID admin = UUID.randomUUID();
        UUID member = UUID.randomUUID();
        api.addMember(owner, tenant, admin, "ADMIN");
        api.addMember(owner, tenant, member, "MEMBER");

        Response byAdmin = api.as(admin, "DELETE", "/api/v1/tenants/" + tenant, null);
        Response byMember = api.as(member, "DELETE", "/api/v1/tenants/" + tenant, null);

        assertThat(byAdmin.status()).isEqualTo(403);
        assertThat(byMember.status()).isEqualTo(403);
        assertThat(byMember.problemType()).isEqualTo("urn:bakery-ia:problem:insufficient-role");
        assertNoJob(tenant);
    }

    @Test
    void theOwnerOfAnotherTenantGets404AndNoJob() {
        UUID tenant = api.createTenant(UUID.randomUUID(), "Ajeno");
        UUID otherOwner = UUID.randomUUID();
        api.createTenant(otherOwner, "Propio");

        Response response = api.as(otherOwner, "DELETE", "/api/v1/tenants/" + tenant, null);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.problemType()).isEqualTo("urn:bakery-ia:problem:tenant-not-found");
        assertNoJob(tenant);
    }

    @Test
    void aSecondDeleteReturnsTheSameJobAndCreatesNoOther() throws Exception {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Doble");

        Response first = api.as(owner, "DELETE", "/api/v1/tenants/" + tenant, null);
        Response second = api.as(owner, "DELETE", "/api/v1/tenants/" + tenant, null);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Callable<Response> again = () -> api.as(owner, "DELETE", "/api/v1/tenants/" + tenant, null);
            List<Future<Response>> concurrent = pool.invokeAll(List.of(again, again, again, again));
            for (Future<Response> response : concurrent) {
                assertThat(response.get().json().get("job_id").asText())
                        .isEqualTo(first.json().get("job_id").asText());
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(first.status()).isEqualTo(202);
        assertThat(second.status()).isEqualTo(202);
        assertThat(second.json().get("job_id").asText())
                .isEqualTo(first.json().get("job_id").asText());
        assertThat(rows("tenant_deletion_outbox", tenant)).isEqualTo(1);
        awaitJobCreated(UUID.fromString(first.json().get("job_id").asText()));
        assertThat(TestFleet.ORCHESTRATOR.creationsFor(tenant)).hasSize(1);
    }

    @Test
    void theRequestThreadAndTheRelayCallTheOrchestratorWithNothingOfTheTenantLocked() {
        UUID owner = UUID.randomUUID();
        UUID atOnce = api.createTenant(owner, "Sin cerrojo");
        List<String> callsAtOnce = locksDuringOrchestratorCalls(atOnce);

        UUID jobAtOnce = UUID.fromString(api.as(owner, "DELETE", "/api/v1/tenants/" + atOnce, null)
                .json()
                .get("job_id")
                .asText());

        await("the request is marked delivered", () -> delivered(jobAtOnce));
        assertThat(callsAtOnce)
                .anySatisfy(call -> assertThat(call).startsWith("PUT /api/v1/deletion-jobs/" + jobAtOnce + ":"))
                .allSatisfy(call -> assertThat(call).endsWith(": free"));

        UUID byTheRelay = api.createTenant(owner, "Sin cerrojo, más tarde");
        UUID jobByTheRelay;
        List<String> callsOfTheRelay = locksDuringOrchestratorCalls(byTheRelay);
        TestFleet.ORCHESTRATOR.down();
        try {
            jobByTheRelay = UUID.fromString(api.as(owner, "DELETE", "/api/v1/tenants/" + byTheRelay, null)
                    .json()
                    .get("job_id")
                    .asText());
        } finally {
            TestFleet.ORCHESTRATOR.up();
        }

        await("the relay delivered the request", () -> delivered(jobByTheRelay));
        assertThat(callsOfTheRelay)
                .anySatisfy(call -> assertThat(call).startsWith("PUT /api/v1/deletion-jobs/" + jobByTheRelay + ":"))
                .allSatisfy(call -> assertThat(call).endsWith(": free"));
    }

    @Test
    void aRequestMadeWhileTheOrchestratorIsDownIsAcceptedAndItsJobCreatedOnceItAnswers() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Paciente");
        TestFleet.ORCHESTRATOR.down();
        UUID jobId;
        try {
            Response response = api.as(owner, "DELETE", "/api/v1/tenants/" + tenant, null);

            assertThat(response.status()).as(response.body()).isEqualTo(202);
            jobId = UUID.fromString(response.json().get("job_id").asText());
            await("the relay has failed twice", () -> attempts(jobId) >= 2);
            assertThat(jdbc.queryForObject(
                            "SELECT last_error FROM tenant.tenant_deletion_outbox WHERE job_id = ?",
                            String.class,
                            jobId))
                    .isNotBlank();
            assertThat(prometheus()).containsPattern("bakery_tenant_deletion_outbox_pending\\{[^}]*\\} [1-9]");
        } finally {
            TestFleet.ORCHESTRATOR.up();
        }

        await("the job exists at the orchestrator", () -> delivered(jobId));
        assertThat(TestFleet.ORCHESTRATOR.creationsOf(jobId)).hasSize(1);
        assertThat(prometheus())
                .containsPattern("bakery_tenant_deletion_outbox_delivery_failures_total\\{[^}]*\\} [1-9]");
    }

    @Test
    void theRelayDeliversARequestLeftUndeliveredByACrashedInstance() {
        UUID tenant = UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        jdbc.update(
                "INSERT INTO tenant.tenants (tenant_id, name, status, created_by, created_at, deletion_job_id,"
                        + " deletion_requested_at, deletion_not_before) VALUES (?, 'Caída', 'DELETION_PENDING', ?,"
                        + " now(), ?, now(), now())",
                tenant,
                UUID.randomUUID(),
                jobId);
        jdbc.update(
                "INSERT INTO tenant.tenant_deletion_outbox (job_id, tenant_id, requested_by, not_before, attempts,"
                        + " next_attempt_at, created_at) VALUES (?, ?, 'someone', now(), 0, now(), now())",
                jobId,
                tenant);

        await("the relay delivered the request", () -> delivered(jobId));

        assertThat(TestFleet.ORCHESTRATOR.creationsOf(jobId)).hasSize(1);
    }

    @Test
    void adoptsTheJobTheOrchestratorAlreadyHoldsForTheTenant() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Adoptado");
        UUID heldJob = UUID.randomUUID();
        TestFleet.ORCHESTRATOR.answerCreationsWithJob(heldJob);

        Response response = api.as(owner, "DELETE", "/api/v1/tenants/" + tenant, null);
        Response again = api.as(owner, "DELETE", "/api/v1/tenants/" + tenant, null);

        assertThat(response.json().get("job_id").asText()).isEqualTo(heldJob.toString());
        assertThat(again.json().get("job_id").asText()).isEqualTo(heldJob.toString());
    }

    @Test
    void refusesWritesToATenantPendingDeletionWith409() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Congelado");
        UUID admin = UUID.randomUUID();
        api.addMember(owner, tenant, admin, "ADMIN");
        assertThat(api.as(owner, "DELETE", "/api/v1/tenants/" + tenant, null).status())
                .isEqualTo(202);

        List<Response> writes = List.of(
                api.as(
                        owner,
                        "POST",
                        "/api/v1/tenants/" + tenant + "/members",
                        "{\"user_id\":\"" + UUID.randomUUID() + "\",\"role\":\"MEMBER\"}"),
                api.as(owner, "DELETE", "/api/v1/tenants/" + tenant + "/members/" + admin, null),
                api.as(
                        owner,
                        "PUT",
                        "/api/v1/tenants/" + tenant + "/settings",
                        "{\"time_zone\":\"UTC\",\"currency\":\"EUR\",\"locale\":\"en\"}"),
                api.as(
                        owner,
                        "POST",
                        "/api/v1/tenants/" + tenant + "/transfer-ownership",
                        "{\"new_owner_id\":\"" + admin + "\"}"));

        assertThat(writes).allSatisfy(write -> {
            assertThat(write.status()).as(write.body()).isEqualTo(409);
            assertThat(write.problemType()).isEqualTo("urn:bakery-ia:problem:tenant-deletion-pending");
        });
        Response read = api.as(admin, "GET", "/api/v1/tenants/" + tenant, null);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("deletion").get("job_id").asText()).isNotBlank();
    }

    @Test
    void aCancelAfterTheGracePeriodIsRefused() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Sin gracia");
        assertThat(api.as(owner, "DELETE", "/api/v1/tenants/" + tenant, null).status())
                .isEqualTo(202);
        jdbc.update(
                "UPDATE tenant.tenants SET deletion_not_before = now() - interval '1 second' WHERE tenant_id = ?",
                tenant);

        Response cancel = api.as(owner, "POST", "/api/v1/tenants/" + tenant + "/deletion/cancel", null);

        assertThat(cancel.status()).isEqualTo(409);
        assertThat(cancel.problemType()).isEqualTo("urn:bakery-ia:problem:deletion-not-cancellable");
        assertThat(TestFleet.ORCHESTRATOR.cancels()).isEmpty();
    }

    private void assertNoJob(UUID tenant) {
        assertThat(rows("tenant_deletion_outbox", tenant)).isZero();
        assertThat(jdbc.queryForObject("SELECT status FROM tenant.tenants WHERE tenant_id = ?", String.class, tenant))
                .isEqualTo("ACTIVE");
        assertThat(TestFleet.ORCHESTRATOR.creationsFor(tenant)).isEmpty();
    }

    private int attempts(UUID jobId) {
        Integer attempts = jdbc.queryForObject(
                "SELECT attempts FROM tenant.tenant_deletion_outbox WHERE job_id = ?", Integer.class, jobId);
        return attempts == null ? 0 : attempts;
    }

    private String prometheus() {
        return api.call("GET", "/actuator/prometheus", null, null).body();
    }
}
