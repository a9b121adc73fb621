package com.bakeryia.tenant.deletion;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.fleet.retention.RetentionPurgeRunner;
import com.bakeryia.tenant.testing.TenantApi.Response;
import com.bakeryia.tenant.testing.TenantServiceIntegrationTest;
import com.bakeryia.tenant.testing.TestFleet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * What tenant-service keeps after an erasure is purged by the platform's runner once its retention
 * ends, and not before: the owner's status record ({@code tenant.deletion.status-retention}, after
 * which the owner's status page answers 404), the tombstone ({@code tenant.retention.tombstones}) and
 * expired export records. Timestamps are moved back in SQL instead of waiting.
 */
@TestPropertySource(properties = {"tenant.deletion.grace-period=PT1H", "tenant.deletion.status-retention=P90D"})
class TenantRetentionIntegrationTests extends TenantServiceIntegrationTest {

    @Autowired
    private DeletionReconciler reconciler;

    @Autowired
    private RetentionPurgeRunner runner;

    @Test
    void runsEveryPurgeOfTenantServiceAndDeletionCore() {
        assertThat(runner.purgeNames())
                .contains(
                        "tenant-tombstones",
                        "tenant-deletion-requests",
                        "tenant-exports",
                        "tenant-erasure-fence",
                        "tenant-erasure-ledger");
    }

    @Test
    void purgesStatusRecordsAndTombstonesPastTheirRetentionAndThenTheOwnersStatusAnswers404() {
        UUID owner = UUID.randomUUID();
        UUID old = erasedTenant(owner, "Antigua");
        UUID recent = erasedTenant(owner, "Reciente");
        String oldPath = "/api/v1/tenants/" + old + "/deletion";
        String recentPath = "/api/v1/tenants/" + recent + "/deletion";
        assertThat(api.as(owner, "GET", oldPath, null).status()).isEqualTo(200);
        jdbc.update(
                "UPDATE tenant.tenant_deletion_requests SET erased_at = now() - interval '91 days' WHERE tenant_id = ?",
                old);
        jdbc.update(
                "UPDATE tenant.tenant_tombstones SET deleted_at = now() - interval '3 years 1 day' WHERE tenant_id = ?",
                old);
        jdbc.update(
                "UPDATE tenant.tenant_deletion_requests SET erased_at = now() - interval '89 days' WHERE tenant_id = ?",
                recent);
        jdbc.update(
                "UPDATE tenant.tenant_tombstones SET deleted_at = now() - interval '3 years' + interval '1 day'"
                        + " WHERE tenant_id = ?",
                recent);

        runner.runOnce();

        assertThat(rows("tenant_deletion_requests", old)).isZero();
        assertThat(rows("tenant_tombstones", old)).isZero();
        assertThat(rows("tenant_deletion_requests", recent)).isEqualTo(1);
        assertThat(rows("tenant_tombstones", recent)).isEqualTo(1);
        Response purged = api.as(owner, "GET", oldPath, null);
        assertThat(purged.status()).isEqualTo(404);
        assertThat(purged.problemType()).isEqualTo("urn:bakery-ia:problem:tenant-not-found");
        assertThat(api.as(owner, "GET", oldPath + "/receipt", null).status()).isEqualTo(404);
        Response kept = api.as(owner, "GET", recentPath, null);
        assertThat(kept.status()).as(kept.body()).isEqualTo(200);
        assertThat(kept.json().get("state").asText()).isEqualTo("completed");
    }

    @Test
    void purgesExpiredExportRecordsAndKeepsValidOnes() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Exportadora");
        UUID expired = UUID.randomUUID();
        UUID valid = UUID.randomUUID();
        jdbc.update(
                "INSERT INTO tenant.tenant_exports (export_id, tenant_id, requested_by, requested_at, expires_at)"
                        + " VALUES (?, ?, ?, now() - interval '2 days', now() - interval '1 day')",
                expired,
                tenant,
                owner);
        jdbc.update(
                "INSERT INTO tenant.tenant_exports (export_id, tenant_id, requested_by, requested_at, expires_at)"
                        + " VALUES (?, ?, ?, now(), now() + interval '1 day')",
                valid,
                tenant,
                owner);

        runner.runOnce();

        assertThat(jdbc.queryForList(
                        "SELECT export_id FROM tenant.tenant_exports WHERE tenant_id = ?", UUID.class, tenant))
                .containsExactly(valid);
    }

    private UUID erasedTenant(UUID owner, String name) {
        UUID tenant = api.createTenant(owner, name);
        Response deletion = api.as(owner, "DELETE", "/api/v1/tenants/" + tenant, null);
        assertThat(deletion.status()).as(deletion.body()).isEqualTo(202);
        UUID job = UUID.fromString(deletion.json().get("job_id").asText());
        await("the request is delivered", () -> delivered(job));
        TestFleet.ORCHESTRATOR.answerJobJson(
                job,
                "{\"job_id\":\"" + job + "\",\"status\":\"COMPLETED\",\"finished_at\":\"2026-12-01T10:00:00Z\","
                        + "\"steps\":[]}");
        TestFleet.ORCHESTRATOR.answerReceipt(job, "a.b.c", "{\"keys\":[]}");
        reconciler.reconcileDue();
        assertThat(rows("tenants", tenant)).as("erased here").isZero();
        assertThat(rows("tenant_tombstones", tenant)).isEqualTo(1);
        return tenant;
    }
}
