package com.bakeryia.tenant.tenants;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.fleet.token.ServiceTokenScopes;
import com.bakeryia.tenant.testing.TenantApi.Response;
import com.bakeryia.tenant.testing.TenantServiceIntegrationTest;
import com.bakeryia.tenant.testing.TestFleet;
import com.bakeryia.testkit.token.TestTokenAuthority;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TenantsIntegrationTests extends TenantServiceIntegrationTest {

    private static final String PROBLEM = "urn:bakery-ia:problem:";

    @Test
    void theCreatorBecomesOwnerAndMembersReadTheTenant() {
        UUID owner = UUID.randomUUID();
        Response created = api.as(owner, "POST", "/api/v1/tenants", "{\"name\":\"Panadería Sol\"}");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        UUID tenant = UUID.fromString(created.json().get("tenant_id").asText());
        assertThat(created.header("Location")).hasValue("/api/v1/tenants/" + tenant);
        assertThat(created.json().get("your_role").asText()).isEqualTo("OWNER");
        assertThat(created.json().get("status").asText()).isEqualTo("ACTIVE");

        UUID member = UUID.randomUUID();
        api.addMember(owner, tenant, member, "MEMBER");
        Response read = api.as(member, "GET", "/api/v1/tenants/" + tenant, null);

        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("name").asText()).isEqualTo("Panadería Sol");
        assertThat(read.json().get("your_role").asText()).isEqualTo("MEMBER");
        assertThat(read.json().get("deletion").isNull()).isTrue();
    }

    @Test
    void unknownAndForeignTenantsGetTheSame404() {
        UUID tenant = api.createTenant(UUID.randomUUID(), "Horno Norte");
        UUID stranger = UUID.randomUUID();

        Response foreign = api.as(stranger, "GET", "/api/v1/tenants/" + tenant, null);
        UUID unknownId = UUID.randomUUID();
        Response unknown = api.as(stranger, "GET", "/api/v1/tenants/" + unknownId, null);

        assertThat(foreign.status()).isEqualTo(404);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(foreign.problemType()).isEqualTo(PROBLEM + "tenant-not-found");
        assertThat(foreign.json().get("detail").asText().replace(tenant.toString(), "ID"))
                .isEqualTo(unknown.json().get("detail").asText().replace(unknownId.toString(), "ID"));
        for (String path : new String[] {"/admins", "/members", "/settings"}) {
            assertThat(api.as(stranger, "GET", "/api/v1/tenants/" + tenant + path, null)
                            .status())
                    .as(path)
                    .isEqualTo(404);
        }
    }

    @Test
    void listsOwnerAndAdminsWithJoinDatesToMembersOnly() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Obrador");
        UUID admin = UUID.randomUUID();
        UUID member = UUID.randomUUID();
        api.addMember(owner, tenant, admin, "ADMIN");
        api.addMember(owner, tenant, member, "MEMBER");

        Response admins = api.as(member, "GET", "/api/v1/tenants/" + tenant + "/admins", null);

        assertThat(admins.status()).isEqualTo(200);
        assertThat(admins.json().get("admins")).hasSize(2);
        assertThat(admins.json().get("admins").get(0).get("user_id").asText()).isEqualTo(owner.toString());
        assertThat(admins.json().get("admins").get(0).get("role").asText()).isEqualTo("OWNER");
        assertThat(admins.json().get("admins").get(1).get("user_id").asText()).isEqualTo(admin.toString());
        assertThat(Instant.parse(
                        admins.json().get("admins").get(1).get("joined_at").asText()))
                .isAfterOrEqualTo(Instant.parse(
                        admins.json().get("admins").get(0).get("joined_at").asText()));
    }

    @Test
    void onlyTheOwnerMakesAdminsAndAdminsManageMembers() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Pastelería");
        UUID admin = UUID.randomUUID();
        api.addMember(owner, tenant, admin, "ADMIN");
        UUID member = UUID.randomUUID();

        Response adminMakesAdmin = api.as(
                admin,
                "POST",
                "/api/v1/tenants/" + tenant + "/members",
                "{\"user_id\":\"" + UUID.randomUUID() + "\",\"role\":\"ADMIN\"}");
        Response adminAddsMember = api.as(
                admin,
                "POST",
                "/api/v1/tenants/" + tenant + "/members",
                "{\"user_id\":\"" + member + "\",\"role\":\"MEMBER\"}");
        api.accept(
                member,
                UUID.fromString(adminAddsMember.json().get("invitation_id").asText()));
        Response memberAddsMember = api.as(
                member,
                "POST",
                "/api/v1/tenants/" + tenant + "/members",
                "{\"user_id\":\"" + UUID.randomUUID() + "\",\"role\":\"MEMBER\"}");
        Response adminRemovesAdmin = api.as(admin, "DELETE", "/api/v1/tenants/" + tenant + "/members/" + admin, null);
        Response removingTheOwner = api.as(admin, "DELETE", "/api/v1/tenants/" + tenant + "/members/" + owner, null);
        Response adminRemovesMember = api.as(admin, "DELETE", "/api/v1/tenants/" + tenant + "/members/" + member, null);

        assertThat(adminMakesAdmin.status()).isEqualTo(403);
        assertThat(adminMakesAdmin.problemType()).isEqualTo(PROBLEM + "insufficient-role");
        assertThat(adminAddsMember.status()).isEqualTo(202);
        assertThat(memberAddsMember.status()).isEqualTo(403);
        assertThat(adminRemovesAdmin.status()).isEqualTo(403);
        assertThat(removingTheOwner.status()).isEqualTo(409);
        assertThat(adminRemovesMember.status()).isEqualTo(204);
        assertThat(rows("tenant_members", tenant)).isEqualTo(2);
    }

    @Test
    void theOwnerPromotesAMemberToAdmin() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Molino");
        UUID member = UUID.randomUUID();
        api.addMember(owner, tenant, member, "MEMBER");

        Response promoted = api.as(
                owner, "PUT", "/api/v1/tenants/" + tenant + "/members/" + member + "/role", "{\"role\":\"ADMIN\"}");
        Response toOwner = api.as(
                owner, "PUT", "/api/v1/tenants/" + tenant + "/members/" + member + "/role", "{\"role\":\"OWNER\"}");

        assertThat(promoted.status()).as(promoted.body()).isEqualTo(200);
        assertThat(promoted.json().get("role").asText()).isEqualTo("ADMIN");
        assertThat(toOwner.status()).isEqualTo(409);
        assertThat(toOwner.problemType()).isEqualTo(PROBLEM + "owner-role-change");
    }

    @Test
    void aRemovedMembersStillValidTokenGets403() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Tahona");
        UUID member = UUID.randomUUID();
        api.addMember(owner, tenant, member, "MEMBER");
        String tokenIssuedWhileMember = TestFleet.userToken(member);
        assertThat(api.call("GET", "/api/v1/tenants/" + tenant, tokenIssuedWhileMember, null)
                        .status())
                .isEqualTo(200);

        assertThat(api.as(owner, "DELETE", "/api/v1/tenants/" + tenant + "/members/" + member, null)
                        .status())
                .isEqualTo(204);
        Response after = api.call("GET", "/api/v1/tenants/" + tenant, tokenIssuedWhileMember, null);

        assertThat(after.status()).isEqualTo(403);
        assertThat(after.problemType()).isEqualTo(PROBLEM + "membership-revoked");
    }

    @Test
    void settingsAreReadByMembersAndReplacedByOwnerOrAdmin() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Hogaza");
        UUID member = UUID.randomUUID();
        api.addMember(owner, tenant, member, "MEMBER");
        String settings = "{\"time_zone\":\"Europe/Madrid\",\"currency\":\"EUR\",\"locale\":\"es-ES\"}";

        Response defaults = api.as(member, "GET", "/api/v1/tenants/" + tenant + "/settings", null);
        Response byMember = api.as(member, "PUT", "/api/v1/tenants/" + tenant + "/settings", settings);
        Response byOwner = api.as(owner, "PUT", "/api/v1/tenants/" + tenant + "/settings", settings);
        Response badZone = api.as(
                owner,
                "PUT",
                "/api/v1/tenants/" + tenant + "/settings",
                "{\"time_zone\":\"Mars/Olympus\",\"currency\":\"EUR\",\"locale\":\"es\"}");

        assertThat(defaults.json().get("time_zone").asText()).isEqualTo("UTC");
        assertThat(byMember.status()).isEqualTo(403);
        assertThat(byOwner.status()).as(byOwner.body()).isEqualTo(200);
        assertThat(byOwner.json().get("time_zone").asText()).isEqualTo("Europe/Madrid");
        assertThat(badZone.status()).isEqualTo(400);
        assertThat(badZone.json().get("detail").asText()).contains("time_zone");
    }

    @Test
    void refusesUnknownFieldsNamingThem() {
        UUID owner = UUID.randomUUID();

        Response response =
                api.as(owner, "POST", "/api/v1/tenants", "{\"name\":\"Forn\",\"owner_id\":\"" + owner + "\"}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.problemType()).isEqualTo(PROBLEM + "invalid-request-body");
        assertThat(response.json().get("detail").asText()).contains("owner_id");
    }

    @Test
    void refusesIdsThatAreNotCanonicalUuids() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Migas");

        for (String malformed :
                new String[] {"not-a-uuid", "1-1-1-1-1", tenant.toString().replace("-", "")}) {
            Response path = api.as(owner, "GET", "/api/v1/tenants/" + malformed, null);
            assertThat(path.status()).as(malformed).isEqualTo(400);
            assertThat(path.problemType()).isEqualTo(PROBLEM + "invalid-id");
            assertThat(path.json().get("detail").asText()).contains(malformed);
        }
        Response body = api.as(
                owner,
                "POST",
                "/api/v1/tenants/" + tenant + "/members",
                "{\"user_id\":\"AAAAAAAAAAAAAAAAAAAAAA==\",\"role\":\"MEMBER\"}");
        assertThat(body.status()).isEqualTo(400);
        assertThat(body.json().get("detail").asText()).contains("user_id");
    }

    @Test
    void refusesMissingForgedAndExpiredTokensWith401() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Bollería");
        String expired = TestFleet.USERS
                .token()
                .subject(owner.toString())
                .audience(TestFleet.USER_TOKEN_AUDIENCE)
                .issuedAt(Instant.now().minusSeconds(600))
                .expiresAt(Instant.now().minusSeconds(300))
                .signature(TestTokenAuthority.Signature.RS256)
                .sign();
        String unsigned = TestFleet.USERS
                .token()
                .subject(owner.toString())
                .audience(TestFleet.USER_TOKEN_AUDIENCE)
                .signature(TestTokenAuthority.Signature.NONE)
                .sign();
        String notAUserId = TestFleet.USERS
                .token()
                .subject("alice")
                .audience(TestFleet.USER_TOKEN_AUDIENCE)
                .signature(TestTokenAuthority.Signature.RS256)
                .sign();
        String anotherClients = TestFleet.USERS
                .token()
                .subject(owner.toString())
                .audience("another-app")
                .signature(TestTokenAuthority.Signature.RS256)
                .sign();

        Map<String, String> reasons = new LinkedHashMap<>();
        reasons.put("no token", null);
        reasons.put("expired", expired);
        reasons.put("unsigned", unsigned);
        reasons.put("sub", notAUserId);
        reasons.put("aud", anotherClients);
        reasons.forEach((reason, token) -> {
            Response response = api.call("GET", "/api/v1/tenants/" + tenant, token, null);
            assertThat(response.status()).as(reason).isEqualTo(401);
            assertThat(response.header("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            if (token != null && !"unsigned".equals(reason)) {
                assertThat(response.json().get("detail").asText()).as(reason).containsIgnoringCase(reason);
            }
        });
        assertThat(api.call("GET", "/api/v1/tenants/" + tenant, TestFleet.userToken(owner), null)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aServiceTokenOpensNoUserEndpoint() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Croissant");
        String serviceToken = TestFleet.ACCOUNTS
                .token()
                .audience("tenant-service")
                .scope(ServiceTokenScopes.TENANT_MEMBERSHIPS_DELETE)
                .tenant(tenant)
                .sign();

        assertThat(api.call("GET", "/api/v1/tenants/" + tenant, serviceToken, null)
                        .status())
                .isEqualTo(403);
        assertThat(api.call("DELETE", "/api/v1/tenants/" + tenant, serviceToken, null)
                        .status())
                .isEqualTo(403);
    }

    @Test
    void healthJwksAndTheOpenApiDocumentArePublicAndOtherPathsNeedAToken() {
        assertThat(api.call("GET", "/actuator/health", null, null).status()).isEqualTo(200);
        assertThat(api.call("GET", "/.well-known/jwks.json", null, null).status())
                .isEqualTo(200);
        assertThat(api.call("GET", "/actuator/jwks", null, null).status()).isEqualTo(200);
        assertThat(api.call("GET", "/v3/api-docs", null, null).status()).isEqualTo(200);
        assertThat(api.call("GET", "/actuator/env", null, null).status()).isEqualTo(401);
        assertThat(api.call("GET", "/anything-else", null, null).status()).isEqualTo(401);
    }
}
