package com.bakeryia.orchestrator.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.orchestrator.support.OrchestratorTestSupport;
import com.bakeryia.testkit.token.TestTokenAuthority;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** With {@code deletion.user-tokens.roles-claim=realm_access.roles}, as the prod overlay sets it for Keycloak. */
@TestPropertySource(
        properties = {"orchestrator.worker.enabled=false", "deletion.user-tokens.roles-claim=realm_access.roles"})
class KeycloakRolesClaimIntegrationTests extends OrchestratorTestSupport {

    private static final String JOBS = "/api/v1/deletion-jobs";

    @Test
    void refusesATopLevelRolesClaimWhenTheRealmRolesAreConfigured() {
        Answer topLevel = get(JOBS, opsToken());

        assertThat(topLevel.status()).as(topLevel.text()).isEqualTo(403);
    }

    @Test
    void refusesDeletionOpsInScope() {
        Answer byScope = get(JOBS, token(Map.of("scope", "openid deletion-ops", "scp", List.of("deletion-ops"))));

        assertThat(byScope.status()).as(byScope.text()).isEqualTo(403);
        assertThat(byScope.contentType()).startsWith("application/problem+json");
    }

    @Test
    void grantsDeletionOpsFromTheRealmRoles() {
        Answer realmRoles = get(JOBS, token(Map.of("realm_access", Map.of("roles", List.of("deletion-ops")))));

        assertThat(realmRoles.status()).as(realmRoles.text()).isEqualTo(200);
        assertThat(realmRoles.json().has("items")).isTrue();
    }

    private static String token(Map<String, Object> claims) {
        TestTokenAuthority.Builder token = USERS.token()
                .signature(TestTokenAuthority.Signature.RS256)
                .subject(UUID.randomUUID().toString())
                .audience(USER_TOKEN_AUDIENCE);
        claims.forEach(token::claim);
        return token.sign();
    }
}
