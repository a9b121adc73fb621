package com.bakeryia.tenant.deletion;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.tenant.testing.TenantApi.Response;
import com.bakeryia.tenant.testing.TenantServiceIntegrationTest;
import com.bakeryia.tenant.testing.TestFleet;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "tenant.deletion.grace-period=PT1H")
class DeletionCancelIntegrationTests extends TenantServiceIntegrationTest {

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
        assertThat(jdbc.queryForObject("SELECT status FROM tenant.tenants WHERE tenant_id = ?", String.class, tenant))
                .isEqualTo("DELETION_PENDING");
    }

    @Test
    void onlyTheOwnerCancelsAndOnlyAPendingDeletion() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Dueña");
        UUID admin = UUID.randomUUID();
        api.addMember(owner, tenant, admin, "ADMIN");

        Response nothingPending = api.as(owner, "POST", "/api/v1/tenants/" + tenant + "/deletion/cancel", null);
        api.as(owner, "DELETE", "/api/v1/tenants/" + tenant, null);
        Response byAdmin = api.as(admin, "POST", "/api/v1/tenants/" + tenant + "/deletion/cancel", null);

        assertThat(nothingPending.status()).isEqualTo(409);
        assertThat(nothingPending.problemType()).isEqualTo("urn:bakery-ia:problem:no-deletion-pending");
        assertThat(byAdmin.status()).isEqualTo(403);
        assertThat(TestFleet.ORCHESTRATOR.cancels()).isEmpty();
    }
}
