package com.bakeryia.tenant.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.fleet.token.ServiceTokenClaims;
import com.bakeryia.fleet.token.ServiceTokenScopes;
import com.bakeryia.tenant.testing.TenantApi.Response;
import com.bakeryia.tenant.testing.TenantServiceIntegrationTest;
import com.bakeryia.tenant.testing.TestFleet;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * RFC 9470 step-up: the owner's DELETE of a tenant and the user's own account cleanup need a user
 * token whose {@code auth_time} is at most {@code tenant.security.max-auth-age} (5 min) old.
 */
class StepUpIntegrationTests extends TenantServiceIntegrationTest {

    private static final String CHALLENGE_START =
            "Bearer error=\"insufficient_user_authentication\", error_description=\"";

    @Test
    void refusesTheOwnersDeleteWithoutAuthTimeAndChangesNothing() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Sin auth_time");

        Response response = deleteTenant(tenant, TestFleet.userToken(owner, null));

        assertStepUpChallenge(response, "no auth_time");
        assertUntouched(tenant);
    }

    @Test
    void refusesTheOwnersDeleteWhenTheSignInIsOlderThanTheMaximum() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Sesión vieja");

        Response response =
                deleteTenant(tenant, TestFleet.userToken(owner, Instant.now().minusSeconds(301)));

        assertStepUpChallenge(response, "more than 300 s ago");
        assertUntouched(tenant);
    }

    @Test
    void refusesAnAuthTimeInTheFutureBeyondTheSkew() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Futuro");

        Response response =
                deleteTenant(tenant, TestFleet.userToken(owner, Instant.now().plus(Duration.ofMinutes(2))));

        assertStepUpChallenge(response, "in the future");
        assertUntouched(tenant);
    }

    @Test
    void refusesAnAuthTimeThatIsNotANumber() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Texto");
        String token = TestFleet.USERS
                .token()
                .subject(owner.toString())
                .audience(TestFleet.USER_TOKEN_AUDIENCE)
                .claim(StepUpAuthentication.AUTH_TIME, "yesterday")
                .signature(com.bakeryia.testkit.token.TestTokenAuthority.Signature.RS256)
                .sign();

        assertStepUpChallenge(deleteTenant(tenant, token), "not a number");
        assertUntouched(tenant);
    }

    @Test
    void acceptsTheOwnersDeleteRightAfterASignIn() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Recién");

        Response fresh =
                deleteTenant(tenant, TestFleet.userToken(owner, Instant.now().minusSeconds(60)));

        assertThat(fresh.status()).as(fresh.body()).isEqualTo(202);
        assertThat(rows("tenant_deletion_outbox", tenant)).isEqualTo(1);
    }

    @Test
    void acceptsAnAuthTimeAFewSecondsAheadWithinTheSkew() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Reloj adelantado");

        Response response =
                deleteTenant(tenant, TestFleet.userToken(owner, Instant.now().plusSeconds(10)));

        assertThat(response.status()).as(response.body()).isEqualTo(202);
    }

    @Test
    void refusesTheUsersOwnAccountCleanupWithAnOldSignInAndChangesNothing() {
        UUID user = UUID.randomUUID();
        UUID alone = api.createTenant(user, "Sola");
        UUID otherOwner = UUID.randomUUID();
        UUID joined = api.createTenant(otherOwner, "Ajena");
        api.addMember(otherOwner, joined, user, "MEMBER");

        Response noAuthTime = removeMemberships(user, TestFleet.userToken(user, null));
        Response old =
                removeMemberships(user, TestFleet.userToken(user, Instant.now().minus(Duration.ofHours(1))));

        assertStepUpChallenge(noAuthTime, "no auth_time");
        assertStepUpChallenge(old, "more than 300 s ago");
        assertUntouched(alone);
        assertThat(rows("tenant_members", joined)).isEqualTo(2);
    }

    @Test
    void acceptsTheUsersOwnAccountCleanupRightAfterASignIn() {
        UUID user = UUID.randomUUID();
        api.createTenant(user, "Sola");

        Response response = removeMemberships(user, TestFleet.userToken(user, Instant.now()));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    @Test
    void aServiceTokenCleaningUpAnAccountNeedsNoAuthTime() {
        UUID user = UUID.randomUUID();
        UUID alone = api.createTenant(user, "Cuenta borrada");
        String serviceToken = TestFleet.ACCOUNTS
                .token()
                .audience("tenant-service")
                .scope(ServiceTokenScopes.TENANT_MEMBERSHIPS_DELETE)
                .claim(ServiceTokenClaims.USER_ID, user.toString())
                .sign();

        Response response = removeMemberships(user, serviceToken);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(rows("tenant_deletion_outbox", alone)).isEqualTo(1);
    }

    @Test
    void otherRequestsOfTheOwnerNeedNoRecentSignIn() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Lectura");

        Response read = api.call("GET", "/api/v1/tenants/" + tenant, TestFleet.userToken(owner, null), null);

        assertThat(read.status()).as(read.body()).isEqualTo(200);
    }

    private Response deleteTenant(UUID tenant, String token) {
        return api.call("DELETE", "/api/v1/tenants/" + tenant, token, null);
    }

    private Response removeMemberships(UUID user, @Nullable String token) {
        return api.call("DELETE", "/api/v1/tenants/user/" + user + "/memberships", token, null);
    }

    private static void assertStepUpChallenge(Response response, String why) {
        assertThat(response.status()).as(response.body()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate"))
                .hasValueSatisfying(challenge -> assertThat(challenge)
                        .startsWith(CHALLENGE_START)
                        .contains(why)
                        .endsWith("\", max_age=300"));
        assertThat(response.header("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.problemType()).isEqualTo("urn:bakery-ia:problem:insufficient-user-authentication");
        assertThat(response.json().get("max_age").asLong()).isEqualTo(300);
        assertThat(response.json().get("detail").asText()).contains(why);
    }

    private void assertUntouched(UUID tenant) {
        assertThat(jdbc.queryForObject("SELECT status FROM tenant.tenants WHERE tenant_id = ?", String.class, tenant))
                .isEqualTo("ACTIVE");
        assertThat(rows("tenant_deletion_outbox", tenant)).isZero();
        assertThat(TestFleet.ORCHESTRATOR.creationsFor(tenant)).isEmpty();
    }
}
