package com.bakeryia.tenant.deletion;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.tenant.testing.TenantApi.Response;
import com.bakeryia.tenant.testing.TenantServiceIntegrationTest;
import com.bakeryia.tenant.testing.TestFleet;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.jwt.JWTClaimsSet;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The reconciler reads the job of each tenant pending deletion whose request the orchestrator has,
 * and brings the tenant in line with it. The tests run its rounds themselves ({@code
 * reconcile-interval} is an hour in the tests, so the scheduled round does not interfere).
 */
@ExtendWith(OutputCaptureExtension.class)
class DeletionReconcilerIntegrationTests extends TenantServiceIntegrationTest {

    private static final String SETTINGS = "{\"time_zone\":\"UTC\",\"currency\":\"EUR\",\"locale\":\"en\"}";

    @Autowired
    private DeletionReconciler reconciler;

    @Autowired
    private MeterRegistry meters;

    @Test
    void readsTheJobWithAFreshReadTokenAndNothingOfTheTenantLocked() throws Exception {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Leída");
        UUID jobId = requestDeletion(owner, tenant);
        List<String> calls = locksDuringOrchestratorCalls(tenant);

        reconciler.reconcileDue();

        assertThat(calls)
                .anySatisfy(call -> assertThat(call).isEqualTo("GET /api/v1/deletion-jobs/" + jobId + ": free"))
                .allSatisfy(call -> assertThat(call).endsWith(": free"));
        LoggedRequest read = TestFleet.ORCHESTRATOR.readsOf(jobId).get(0);
        JWTClaimsSet token = verifiedWithTenantServiceKeys(read.getHeader("Authorization"));
        assertThat(token.getIssuer()).isEqualTo("tenant-service");
        assertThat(token.getAudience()).containsExactly("orchestrator-service");
        assertThat(token.getStringClaim("scope")).isEqualTo("deletion-jobs.read");
        assertThat(token.getStringClaim("tenant_id")).isEqualTo(tenant.toString());
        assertThat(token.getStringClaim("job_id")).isEqualTo(jobId.toString());
        assertThat(tenantRow(tenant).get("deletion_checked_at")).isNotNull();
    }

    @Test
    void aCompletedJobWhoseTenantIsStillHereIsErasedHereAsTheLastStepWouldLeavingATombstone() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Terminada pero presente");
        api.addMember(owner, tenant, UUID.randomUUID(), "ADMIN");
        UUID jobId = requestDeletion(owner, tenant);
        TestFleet.ORCHESTRATOR.answerJob(jobId, "COMPLETED");

        reconciler.reconcileDue();

        for (String table : List.of(
                "tenants", "tenant_members", "tenant_former_members", "tenant_settings", "tenant_deletion_outbox")) {
            assertThat(rows(table, tenant)).as(table).isZero();
        }
        assertThat(jdbc.queryForObject(
                        "SELECT job_id FROM tenant.tenant_tombstones WHERE tenant_id = ?", UUID.class, tenant))
                .isEqualTo(jobId);
        assertThat(api.as(owner, "GET", "/api/v1/tenants/" + tenant, null).status())
                .isEqualTo(404);
    }

    @Test
    void aFailedJobIsRecordedAndShownToTheOwnerAndCounted() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Fallida");
        UUID jobId = requestDeletion(owner, tenant);
        assertThat(deletionOf(owner, tenant).get("job_status").asText())
                .as("the status the orchestrator answered to the creation")
                .isEqualTo("PENDING");
        double failedBefore = failedJobsGauge();
        TestFleet.ORCHESTRATOR.answerJob(jobId, "FAILED");

        reconciler.reconcileDue();

        assertThat(tenantRow(tenant))
                .containsEntry("status", "DELETION_PENDING")
                .containsEntry("deletion_job_status", "FAILED");
        assertThat(tenantRow(tenant).get("deletion_checked_at")).isNotNull();
        assertThat(deletionOf(owner, tenant).get("job_status").asText()).isEqualTo("FAILED");
        assertThat(deletionOf(owner, tenant).get("job_id").asText()).isEqualTo(jobId.toString());
        assertThat(failedJobsGauge()).isEqualTo(failedBefore + 1);
        assertThat(api.as(owner, "PUT", "/api/v1/tenants/" + tenant + "/settings", SETTINGS)
                        .status())
                .isEqualTo(409);
        assertThat(api.call("GET", "/actuator/prometheus", null, null).body())
                .containsPattern("bakery_tenant_deletion_failed_jobs\\{[^}]*\\} [1-9]");
    }

    @Test
    void aJobThatIsRetryingIsRecordedAndShown() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Reintentando");
        UUID jobId = requestDeletion(owner, tenant);
        TestFleet.ORCHESTRATOR.answerJob(jobId, "RETRYING");

        reconciler.reconcileDue();

        assertThat(deletionOf(owner, tenant).get("job_status").asText()).isEqualTo("RETRYING");
        assertThat(tenantRow(tenant)).containsEntry("status", "DELETION_PENDING");
    }

    @Test
    void aCancelledJobMakesTheTenantActiveWithItsDeletionFieldsCleared() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Cancelada fuera");
        UUID jobId = requestDeletion(owner, tenant);
        TestFleet.ORCHESTRATOR.answerJob(jobId, "CANCELLED");

        reconciler.reconcileDue();

        assertThat(tenantRow(tenant))
                .containsEntry("status", "ACTIVE")
                .containsEntry("deletion_job_id", null)
                .containsEntry("deletion_requested_at", null)
                .containsEntry("deletion_not_before", null)
                .containsEntry("deletion_job_status", null)
                .containsEntry("deletion_checked_at", null);
        assertThat(api.as(owner, "PUT", "/api/v1/tenants/" + tenant + "/settings", SETTINGS)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aJobTheOrchestratorDoesNotKnowIsRequestedAgain() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Olvidada");
        UUID jobId = requestDeletion(owner, tenant);
        TestFleet.ORCHESTRATOR.forgetJob(jobId);

        reconciler.reconcileDue();

        await(
                "the relay delivers the request again",
                () -> TestFleet.ORCHESTRATOR.creationsOf(jobId).size() == 2);
        await("the request is marked delivered again", () -> delivered(jobId));
        assertThat(tenantRow(tenant))
                .containsEntry("status", "DELETION_PENDING")
                .containsEntry("deletion_job_id", jobId);
    }

    @Test
    void anUnreachableOrchestratorLeavesTheTenantAsItWasAndIsLoggedOncePerTenant(CapturedOutput output) {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Inalcanzable");
        requestDeletion(owner, tenant);
        Map<String, Object> before = tenantRow(tenant);
        TestFleet.ORCHESTRATOR.down();
        try {
            reconciler.reconcileDue();
            jdbc.update("UPDATE tenant.tenants SET deletion_checked_at = NULL WHERE tenant_id = ?", tenant);
            reconciler.reconcileDue();
        } finally {
            TestFleet.ORCHESTRATOR.up();
        }

        Map<String, Object> after = tenantRow(tenant);
        assertThat(after).containsEntry("status", "DELETION_PENDING");
        assertThat(after.get("deletion_job_status")).isEqualTo(before.get("deletion_job_status"));
        assertThat(output.getOut()
                        .lines()
                        .filter(line -> line.contains(tenant.toString()) && line.contains("WARN"))
                        .filter(line -> line.contains("could not read"))
                        .count())
                .isEqualTo(1);
    }

    @Test
    void twoReconcilersAtOnceReadEachJobOnce() throws Exception {
        UUID owner = UUID.randomUUID();
        List<UUID> jobs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            UUID tenant = api.createTenant(owner, "A la vez " + i);
            UUID jobId = requestDeletion(owner, tenant);
            TestFleet.ORCHESTRATOR.answerJobSlowly(jobId, "IN_PROGRESS", Duration.ofMillis(300));
            jobs.add(jobId);
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> rounds = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                rounds.add(pool.submit(() -> {
                    start.await();
                    reconciler.reconcileDue();
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> round : rounds) {
                round.get();
            }
        } finally {
            pool.shutdownNow();
        }

        for (UUID jobId : jobs) {
            assertThat(TestFleet.ORCHESTRATOR.readsOf(jobId))
                    .as("reads of job %s", jobId)
                    .hasSize(1);
            assertThat(jdbc.queryForObject(
                            "SELECT deletion_job_status FROM tenant.tenants WHERE deletion_job_id = ?",
                            String.class,
                            jobId))
                    .isEqualTo("IN_PROGRESS");
        }
    }

    /** Requests the tenant's deletion and waits until the orchestrator has the job. */
    private UUID requestDeletion(UUID owner, UUID tenant) {
        Response deletion = api.as(owner, "DELETE", "/api/v1/tenants/" + tenant, null);
        assertThat(deletion.status()).as(deletion.body()).isEqualTo(202);
        UUID jobId = UUID.fromString(deletion.json().get("job_id").asText());
        await("the request is marked delivered", () -> delivered(jobId));
        return jobId;
    }

    private com.fasterxml.jackson.databind.JsonNode deletionOf(UUID owner, UUID tenant) {
        return api.as(owner, "GET", "/api/v1/tenants/" + tenant, null).json().get("deletion");
    }

    private Map<String, Object> tenantRow(UUID tenant) {
        return jdbc.queryForMap("SELECT * FROM tenant.tenants WHERE tenant_id = ?", tenant);
    }

    private double failedJobsGauge() {
        return meters.get("bakery.tenant.deletion.failed.jobs").gauge().value();
    }
}
