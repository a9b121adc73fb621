package com.bakeryia.tenant.deletion;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.deletion.TenantErasureFence;
import com.bakeryia.deletion.TenantErasureLedger;
import com.bakeryia.fleet.token.ServiceTokenScopes;
import com.bakeryia.tenant.testing.TenantApi.Response;
import com.bakeryia.tenant.testing.TenantServiceIntegrationTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The job's last step on a tenant made through the API: a tombstone, the erasure fence's record of
 * the tenant id, the ledger's counts and the request's record (the owner's id alone, so that they can
 * read the outcome for the retention period) are all that is left.
 */
class TenantErasureIntegrationTests extends TenantServiceIntegrationTest {

    private static final String NAME = "Panadería Erasmo 7f3a";

    @Test
    void theLastStepLeavesOnlyATombstoneAndNothingPersonal() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, NAME);
        UUID admin = UUID.randomUUID();
        UUID removed = UUID.randomUUID();
        api.addMember(owner, tenant, admin, "ADMIN");
        api.addMember(owner, tenant, removed, "MEMBER");
        api.as(owner, "DELETE", "/api/v1/tenants/" + tenant + "/members/" + removed, null);
        api.as(
                owner,
                "PUT",
                "/api/v1/tenants/" + tenant + "/settings",
                "{\"time_zone\":\"Europe/Madrid\",\"currency\":\"EUR\",\"locale\":\"es\"}");
        assertThat(api.as(owner, "POST", "/api/v1/tenants/" + tenant + "/exports", null)
                        .status())
                .as("an export record, erased with the tenant")
                .isEqualTo(202);
        UUID jobId = UUID.fromString(api.as(owner, "DELETE", "/api/v1/tenants/" + tenant, null)
                .json()
                .get("job_id")
                .asText());

        Response erased = lastStep(tenant, jobId);

        assertThat(erased.status()).as(erased.body()).isEqualTo(200);
        assertThat(erased.json().get("success").asBoolean()).isTrue();
        assertThat(erased.json().get("deleted_counts").get("tenants").asLong()).isEqualTo(1);
        assertThat(erased.json().get("deleted_counts").get("tenant_exports").asLong())
                .as("the export's record is erased with the tenant, and counted")
                .isEqualTo(1);
        Map<String, Object> tombstone = jdbc.queryForMap(
                "SELECT tenant_id, deleted_at, job_id FROM tenant.tenant_tombstones WHERE tenant_id = ?", tenant);
        assertThat(tombstone.get("job_id")).isEqualTo(jobId);
        assertThat(tombstone.get("deleted_at")).isNotNull();
        for (String table : tables()) {
            if (table.equals(TenantErasureLedger.TABLE)) {
                // The ledger keeps what the job erased, per table: counts under the tenant and job ids.
                assertThat(jdbc.queryForObject(
                                "SELECT count(*) FROM tenant." + table + " WHERE tenant_id = ? AND job_id = ?",
                                Long.class,
                                tenant,
                                jobId))
                        .as(table)
                        .isPositive();
            } else if (table.equals(DeletionStatusRecords.TABLE)) {
                // Kept for the owner's status page during tenant.deletion.status-retention: the owner's
                // id and the request's times, marked erased; nobody else's id, no name.
                Map<String, Object> record = jdbc.queryForMap(
                        "SELECT owner_id, erased_at FROM tenant." + table + " WHERE tenant_id = ? AND job_id = ?",
                        tenant,
                        jobId);
                assertThat(record.get("owner_id")).isEqualTo(owner);
                assertThat(record.get("erased_at")).isNotNull();
                assertThat(rows(table, tenant)).as(table).isEqualTo(1);
            } else {
                long expected = table.equals("tenant_tombstones") || table.equals(TenantErasureFence.TABLE) ? 1 : 0;
                assertThat(rows(table, tenant)).as(table).isEqualTo(expected);
            }
            List<String> traces = table.equals(DeletionStatusRecords.TABLE)
                    ? List.of(NAME, admin.toString(), removed.toString())
                    : List.of(NAME, owner.toString(), admin.toString(), removed.toString());
            for (String trace : traces) {
                assertThat(jdbc.queryForObject(
                                "SELECT count(*) FROM tenant." + table + " t WHERE t::text LIKE ?",
                                Long.class,
                                "%" + trace + "%"))
                        .as("%s in %s", trace, table)
                        .isZero();
            }
        }
        assertThat(api.as(owner, "GET", "/api/v1/tenants/" + tenant, null).status())
                .isEqualTo(404);
    }

    @Test
    void aRerunKeepsTheFirstTombstone() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Dos veces");
        UUID jobId = UUID.fromString(api.as(owner, "DELETE", "/api/v1/tenants/" + tenant, null)
                .json()
                .get("job_id")
                .asText());
        assertThat(lastStep(tenant, jobId).status()).isEqualTo(200);
        Map<String, Object> first =
                jdbc.queryForMap("SELECT * FROM tenant.tenant_tombstones WHERE tenant_id = ?", tenant);

        Response again = lastStep(tenant, jobId);

        assertThat(again.status()).isEqualTo(200);
        assertThat(jdbc.queryForMap("SELECT * FROM tenant.tenant_tombstones WHERE tenant_id = ?", tenant))
                .isEqualTo(first);
    }

    private Response lastStep(UUID tenant, UUID jobId) {
        String token = ORCHESTRATOR_TOKENS
                .token()
                .audience("tenant-service")
                .scope(ServiceTokenScopes.TENANT_DATA_DELETE)
                .tenant(tenant)
                .jobId(jobId.toString())
                .sign();
        return api.call("DELETE", "/api/v1/tenant/tenant/" + tenant, token, null);
    }

    private List<String> tables() {
        return jdbc.queryForList(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'tenant'"
                        + " AND table_name <> 'flyway_schema_history' ORDER BY table_name",
                String.class);
    }
}
