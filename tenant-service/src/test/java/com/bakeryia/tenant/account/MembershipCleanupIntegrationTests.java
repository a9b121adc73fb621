package com.bakeryia.tenant.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.fleet.token.ServiceTokenClaims;
import com.bakeryia.fleet.token.ServiceTokenScopes;
import com.bakeryia.tenant.testing.TenantApi.Response;
import com.bakeryia.tenant.testing.TenantServiceIntegrationTest;
import com.bakeryia.tenant.testing.TestFleet;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MembershipCleanupIntegrationTests extends TenantServiceIntegrationTest {

    @Test
    void removesTheUserEverywherePassingOwnershipToTheLongestServingAdminAndDeletingSoloTenants() {
        UUID user = UUID.randomUUID();
        UUID otherOwner = UUID.randomUUID();
        UUID joinedAsMember = api.createTenant(otherOwner, "Ajena");
        api.addMember(otherOwner, joinedAsMember, user, "MEMBER");
        UUID withAdmins = api.createTenant(user, "Con admins");
        UUID senior = UUID.randomUUID();
        UUID junior = UUID.randomUUID();
        api.addMember(user, withAdmins, senior, "ADMIN");
        api.addMember(user, withAdmins, UUID.randomUUID(), "MEMBER");
        api.addMember(user, withAdmins, junior, "ADMIN");
        UUID alone = api.createTenant(user, "Sola");

        Response response = removeMemberships(user, TestFleet.userToken(user));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        Map<String, JsonNode> byTenant = outcomes(response);
        assertThat(byTenant.get(joinedAsMember.toString()).get("action").asText())
                .isEqualTo("MEMBERSHIP_REMOVED");
        assertThat(byTenant.get(withAdmins.toString()).get("action").asText()).isEqualTo("OWNERSHIP_TRANSFERRED");
        assertThat(byTenant.get(withAdmins.toString()).get("new_owner_id").asText())
                .isEqualTo(senior.toString());
        JsonNode deleted = byTenant.get(alone.toString());
        assertThat(deleted.get("action").asText()).isEqualTo("TENANT_DELETION_REQUESTED");
        UUID jobId = UUID.fromString(deleted.get("job_id").asText());

        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM tenant.tenant_members WHERE user_id = ?", Long.class, user))
                .isZero();
        assertThat(jdbc.queryForObject(
                        "SELECT role FROM tenant.tenant_members WHERE tenant_id = ? AND user_id = ?",
                        String.class,
                        withAdmins,
                        senior))
                .isEqualTo("OWNER");
        assertThat(jdbc.queryForObject("SELECT status FROM tenant.tenants WHERE tenant_id = ?", String.class, alone))
                .isEqualTo("DELETION_PENDING");
        awaitJobCreated(jobId);
        assertThat(TestFleet.ORCHESTRATOR.creationsOf(jobId).get(0).getBodyAsString())
                .contains("\"requested_by\":\"" + user + "\"");
    }

    @Test
    void requestsTheDeletionOfASoloTenantWithNothingOfItLockedDuringTheCall() {
        UUID user = UUID.randomUUID();
        UUID alone = api.createTenant(user, "Sola y sin cerrojo");
        List<String> calls = locksDuringOrchestratorCalls(alone);

        Response response = removeMemberships(user, TestFleet.userToken(user));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        UUID jobId = UUID.fromString(
                outcomes(response).get(alone.toString()).get("job_id").asText());
        await("the request is marked delivered", () -> delivered(jobId));
        assertThat(calls)
                .anySatisfy(call -> assertThat(call).startsWith("PUT /api/v1/deletion-jobs/" + jobId + ":"))
                .allSatisfy(call -> assertThat(call).endsWith(": free"));
    }

    @Test
    void refusesWith409NamingOwnedTenantsWithMembersButNoAdminAndChangesNothing() {
        UUID user = UUID.randomUUID();
        UUID otherOwner = UUID.randomUUID();
        UUID joinedAsMember = api.createTenant(otherOwner, "Ajena");
        api.addMember(otherOwner, joinedAsMember, user, "MEMBER");
        UUID alone = api.createTenant(user, "Sola");
        UUID withoutAdmin = api.createTenant(user, "Sin admin");
        api.addMember(user, withoutAdmin, UUID.randomUUID(), "MEMBER");
        List<UUID> tenants = List.of(joinedAsMember, alone, withoutAdmin);
        Map<String, Object> before = snapshot(tenants);

        Response response = removeMemberships(user, TestFleet.userToken(user));

        assertThat(response.status()).as(response.body()).isEqualTo(409);
        assertThat(response.problemType()).isEqualTo("urn:bakery-ia:problem:owned-tenants-without-admin");
        assertThat(response.json().get("detail").asText()).contains(withoutAdmin.toString());
        assertThat(response.json().get("tenant_ids")).hasSize(1);
        assertThat(response.json().get("tenant_ids").get(0).asText()).isEqualTo(withoutAdmin.toString());
        assertThat(snapshot(tenants)).isEqualTo(before);
        assertThat(rows("tenant_deletion_outbox", alone)).isZero();
        assertThat(TestFleet.ORCHESTRATOR.creationsFor(alone)).isEmpty();
    }

    @Test
    void acceptsAServiceTokenWithTheMembershipsScopeAndRecordsTheServiceAsRequester() {
        UUID user = UUID.randomUUID();
        UUID alone = api.createTenant(user, "Servicio");
        String token = accountsToken("tenant-service", ServiceTokenScopes.TENANT_MEMBERSHIPS_DELETE, user);

        Response response = removeMemberships(user, token);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(jdbc.queryForObject(
                        "SELECT requested_by FROM tenant.tenant_deletion_outbox WHERE tenant_id = ?",
                        String.class,
                        alone))
                .isEqualTo("account-service");
    }

    @Test
    void refusesOtherUsersAndServiceTokensWithoutTheScopeOrBoundToAnotherUser() {
        UUID user = UUID.randomUUID();
        UUID tenant = api.createTenant(user, "Mía");
        String wrongScope = accountsToken("tenant-service", ServiceTokenScopes.TENANT_DATA_DELETE, user);
        String wrongAudience = accountsToken("orders-service", ServiceTokenScopes.TENANT_MEMBERSHIPS_DELETE, user);
        String anotherUser =
                accountsToken("tenant-service", ServiceTokenScopes.TENANT_MEMBERSHIPS_DELETE, UUID.randomUUID());
        String boundToATenant = TestFleet.ACCOUNTS
                .token()
                .audience("tenant-service")
                .scope(ServiceTokenScopes.TENANT_MEMBERSHIPS_DELETE)
                .tenant(tenant)
                .sign();

        assertThat(removeMemberships(user, TestFleet.userToken(UUID.randomUUID()))
                        .status())
                .isEqualTo(403);
        assertThat(removeMemberships(user, wrongScope).status()).isEqualTo(403);
        assertThat(removeMemberships(user, wrongAudience).status()).isEqualTo(403);
        assertThat(removeMemberships(user, anotherUser).status()).isEqualTo(403);
        assertThat(removeMemberships(user, boundToATenant).status()).isEqualTo(403);
        assertThat(removeMemberships(user, null).status()).isEqualTo(401);
        assertThat(rows("tenant_members", tenant)).isEqualTo(1);
    }

    @Test
    void refusesTheMembershipsScopeFromTheOrchestratorWhichMayNotGrantIt() {
        UUID user = UUID.randomUUID();
        UUID tenant = api.createTenant(user, "Sin permiso");
        String orchestrators = ORCHESTRATOR_TOKENS
                .token()
                .audience("tenant-service")
                .scope(ServiceTokenScopes.TENANT_MEMBERSHIPS_DELETE)
                .claim(ServiceTokenClaims.USER_ID, user.toString())
                .jobId(null)
                .sign();

        Response response = removeMemberships(user, orchestrators);

        assertThat(response.status()).as(response.body()).isEqualTo(403);
        assertThat(response.json().get("detail").asText())
                .isEqualTo("Issuer 'orchestrator-service' may not grant scope tenant-memberships.delete");
        assertThat(rows("tenant_members", tenant)).isEqualTo(1);
    }

    @Test
    void refusesAUserIdThatIsNotACanonicalUuid() {
        Response response = api.call(
                "DELETE", "/api/v1/tenants/user/1-1-1-1-1/memberships", TestFleet.userToken(UUID.randomUUID()), null);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.problemType()).isEqualTo("urn:bakery-ia:problem:invalid-id");
    }

    private Response removeMemberships(UUID user, String token) {
        return api.call("DELETE", "/api/v1/tenants/user/" + user + "/memberships", token, null);
    }

    private static Map<String, JsonNode> outcomes(Response response) {
        Map<String, JsonNode> byTenant = new HashMap<>();
        response.json()
                .get("tenants")
                .forEach(outcome -> byTenant.put(outcome.get("tenant_id").asText(), outcome));
        return byTenant;
    }

    /** Every row of the tenants in the tables the call may write, as text. */
    private Map<String, Object> snapshot(List<UUID> tenants) {
        Map<String, Object> tables = new HashMap<>();
        for (String table : List.of("tenants", "tenant_members", "tenant_former_members", "tenant_deletion_outbox")) {
            tables.put(
                    table,
                    jdbc.queryForList(
                            "SELECT t::text AS row FROM tenant." + table
                                    + " t WHERE tenant_id = ANY (?::uuid[]) ORDER BY t::text",
                            String.class,
                            (Object) tenants.stream().map(UUID::toString).toArray(String[]::new)));
        }
        return tables;
    }

    /** A token of the stand-in account service, bound to the user. */
    private static String accountsToken(String audience, String scope, UUID user) {
        return TestFleet.ACCOUNTS
                .token()
                .audience(audience)
                .scope(scope)
                .claim(ServiceTokenClaims.USER_ID, user.toString())
                .sign();
    }
}
