package com.bakeryia.tenant.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.fleet.token.ServiceTokenClaims;
import com.bakeryia.fleet.token.ServiceTokenScopes;
import com.bakeryia.tenant.testing.TenantApi.Response;
import com.bakeryia.tenant.testing.TenantServiceIntegrationTest;
import com.bakeryia.tenant.testing.TestFleet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The security chain ends in denyAll(): a path no rule names is refused to any token. */
class TenantSecurityChainIntegrationTests extends TenantServiceIntegrationTest {

    @Test
    void refusesAValidUserTokenOnAPathNoRuleNames() {
        String user = TestFleet.userToken(UUID.randomUUID());

        Response unknownApi = api.call("GET", "/api/v2/tenants", user, null);
        Response actuatorEnv = api.call("GET", "/actuator/env", user, null);

        assertThat(unknownApi.status()).as(unknownApi.body()).isEqualTo(403);
        assertThat(actuatorEnv.status()).as(actuatorEnv.body()).isEqualTo(403);
    }

    @Test
    void refusesAValidServiceTokenOnAPathNoRuleNames() {
        UUID user = UUID.randomUUID();
        String service = TestFleet.ACCOUNTS
                .token()
                .audience("tenant-service")
                .scope(ServiceTokenScopes.TENANT_MEMBERSHIPS_DELETE)
                .claim(ServiceTokenClaims.USER_ID, user.toString())
                .sign();

        Response response = api.call("GET", "/api/v1/anything-else", service, null);

        assertThat(response.status()).as(response.body()).isEqualTo(403);
    }

    @Test
    void stillAsksForATokenWhereNoneIsGivenAndKeepsPublicEndpointsOpen() {
        assertThat(api.call("GET", "/api/v2/tenants", null, null).status()).isEqualTo(401);
        assertThat(api.call("GET", "/actuator/health", null, null).status()).isEqualTo(200);
        assertThat(api.call("GET", "/.well-known/jwks.json", null, null).status())
                .isEqualTo(200);
    }
}
