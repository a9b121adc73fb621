package com.bakeryia.orchestrator.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.orchestrator.support.OrchestratorTestSupport;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * deletion-ops reads, follows and retries; it never creates, cancels, expedites or approves, and a
 * route the chain does not list is refused to everyone (the chain ends in denyAll).
 */
@TestPropertySource(properties = "orchestrator.worker.enabled=false")
class OpsAuthorizationIntegrationTests extends OrchestratorTestSupport {

    private static final String JOBS = "/api/v1/deletion-jobs/";
    private static final String LATER = "2999-01-01T00:00:00Z";

    // Issue 15: one ops account erased any bakery at once with a PUT whose not_before was in the past.
    @Test
    void anOperatorCannotCreateAJob() {
        UUID tenant = UUID.randomUUID();
        UUID jobId = UUID.randomUUID();

        Answer created = put(JOBS + jobId, opsToken(), jobBody(tenant, "2000-01-01T00:00:00Z"));

        assertThat(created.status()).as(created.text()).isEqualTo(403);
        assertThat(created.contentType()).startsWith("application/problem+json");
        assertThat(get(JOBS + jobId, opsToken()).status()).isEqualTo(404);
    }

    @Test
    void anOperatorCannotCancelExpediteOrApprove() {
        UUID tenant = UUID.randomUUID();
        UUID jobId = createLaterJob(tenant);

        Answer cancel = send("POST", JOBS + jobId + "/cancel", opsToken(), "{\"reason\":\"ops asked\"}");
        Answer expedite = send(
                "POST",
                JOBS + jobId + "/expedite",
                opsToken(),
                "{\"not_before\":\"2001-01-01T00:00:00Z\",\"reason\":\"ops asked\"}");
        Answer approve = post(JOBS + jobId + "/approvals/" + UUID.randomUUID(), opsToken());

        assertThat(cancel.status()).as(cancel.text()).isEqualTo(403);
        assertThat(expedite.status()).as(expedite.text()).isEqualTo(403);
        assertThat(approve.status()).as(approve.text()).isEqualTo(403);
        assertThat(get(JOBS + jobId, opsToken()).json().path("status").asText()).isEqualTo("PENDING");
        assertThat(get(JOBS + jobId, opsToken()).json().path("not_before").asText())
                .isEqualTo("2999-01-01T00:00:00Z");
    }

    @Test
    void tenantServiceCannotExpediteOrApprove() {
        UUID tenant = UUID.randomUUID();
        UUID jobId = createLaterJob(tenant);

        Answer expedite = send(
                "POST",
                JOBS + jobId + "/expedite",
                tenantServiceToken(tenant, jobId),
                "{\"not_before\":\"2001-01-01T00:00:00Z\",\"reason\":\"asked\"}");
        Answer approve = post(JOBS + jobId + "/approvals/" + UUID.randomUUID(), tenantServiceToken(tenant, jobId));

        assertThat(expedite.status()).as(expedite.text()).isEqualTo(403);
        assertThat(approve.status()).as(approve.text()).isEqualTo(403);
    }

    @Test
    void refusesARouteTheChainDoesNotListEvenToAValidOperatorOrAdmin() {
        UUID jobId = createLaterJob(UUID.randomUUID());

        for (String token :
                new String[] {opsToken(), adminToken(UUID.randomUUID().toString())}) {
            assertThat(get("/api/v1/not-an-endpoint", token).status()).isEqualTo(403);
            assertThat(get(JOBS + jobId + "/steps", token).status()).isEqualTo(403);
            assertThat(send("DELETE", JOBS + jobId, token, null).status()).isEqualTo(403);
            assertThat(get("/not-under-api", token).status()).isEqualTo(403);
        }
        assertThat(get("/api/v1/not-an-endpoint", null).status()).isEqualTo(401);
    }

    @Test
    void anAdminMayDoWhatAnOperatorMay() {
        UUID tenant = UUID.randomUUID();
        UUID jobId = createLaterJob(tenant);
        String admin = adminToken(UUID.randomUUID().toString());

        assertThat(get(JOBS + jobId, admin).status()).isEqualTo(200);
        assertThat(get("/api/v1/deletion-jobs?tenant_id=" + tenant, admin).status())
                .isEqualTo(200);
        assertThat(get(JOBS + jobId + "/audit", admin).status()).isEqualTo(200);
        assertThat(get(JOBS + jobId + "/receipt", admin).status())
                .as("not COMPLETED")
                .isEqualTo(409);
        assertThat(post(JOBS + jobId + "/retry", admin).status())
                .as("not FAILED")
                .isEqualTo(409);
        assertThat(get("/api/v1/tenants/" + tenant + "/deletion-preview", admin).status())
                .isNotIn(401, 403);
    }

    private UUID createLaterJob(UUID tenantId) {
        UUID jobId = UUID.randomUUID();
        Answer created = put(JOBS + jobId, tenantServiceToken(tenantId, jobId), jobBody(tenantId, LATER));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return jobId;
    }
}
