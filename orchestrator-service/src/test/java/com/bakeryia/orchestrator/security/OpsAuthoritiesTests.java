package com.bakeryia.orchestrator.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.fleet.security.UserRoles;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

class OpsAuthoritiesTests {

    private static final OpsAuthorities TOP_LEVEL_ROLES = new OpsAuthorities(UserRoles.at("roles"));
    private static final OpsAuthorities KEYCLOAK_REALM_ROLES = new OpsAuthorities(UserRoles.at("realm_access.roles"));

    // Issue 15: a client that asked its identity provider for scope deletion-ops became an operator.
    @Test
    void grantsNothingForRolesInScopeOrScp() {
        assertThat(names(TOP_LEVEL_ROLES, jwt(Map.of("scope", "openid deletion-ops deletion-admin"))))
                .isEmpty();
        assertThat(names(TOP_LEVEL_ROLES, jwt(Map.of("scp", List.of("deletion-ops", "deletion-admin")))))
                .isEmpty();
        assertThat(names(KEYCLOAK_REALM_ROLES, jwt(Map.of("scope", "deletion-ops"))))
                .isEmpty();
    }

    @Test
    void grantsNothingForRolesOutsideTheConfiguredClaim() {
        assertThat(names(KEYCLOAK_REALM_ROLES, jwt(Map.of("roles", List.of("deletion-ops")))))
                .isEmpty();
        assertThat(names(TOP_LEVEL_ROLES, jwt(Map.of("realm_access", Map.of("roles", List.of("deletion-ops"))))))
                .isEmpty();
        assertThat(names(TOP_LEVEL_ROLES, jwt(Map.of("roles", List.of("owner", "deletion-opsx")))))
                .isEmpty();
    }

    @Test
    void grantsTheOpsAndAdminAuthoritiesFromTheConfiguredClaim() {
        assertThat(names(TOP_LEVEL_ROLES, jwt(Map.of("roles", List.of("deletion-ops", "owner")))))
                .containsExactly("deletion-ops");
        assertThat(names(TOP_LEVEL_ROLES, jwt(Map.of("roles", List.of("deletion-admin")))))
                .containsExactly("deletion-admin");
        assertThat(names(
                        KEYCLOAK_REALM_ROLES,
                        jwt(Map.of("realm_access", Map.of("roles", List.of("deletion-admin", "deletion-ops"))))))
                .containsExactly("deletion-ops", "deletion-admin");
    }

    private static List<String> names(OpsAuthorities authorities, Jwt jwt) {
        return authorities.ofUserToken(jwt).stream()
                .map(GrantedAuthority::getAuthority)
                .toList();
    }

    private static Jwt jwt(Map<String, Object> claims) {
        return Jwt.withTokenValue("t")
                .header("alg", "RS256")
                .subject("3f2504e0-4f89-41d3-9a0c-0305e82c3301")
                .issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(60))
                .claims(all -> all.putAll(claims))
                .build();
    }
}
