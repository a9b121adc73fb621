package com.bakeryia.fleet.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

class UserRolesTests {

    private static Jwt token(Map<String, Object> claims) {
        Jwt.Builder builder = Jwt.withTokenValue("t")
                .header("alg", "RS256")
                .subject("0b7e2c1a-1b2c-4d5e-8f90-123456789abc")
                .issuedAt(Instant.EPOCH)
                .expiresAt(Instant.EPOCH.plusSeconds(60));
        claims.forEach(builder::claim);
        return builder.build();
    }

    @Test
    void readsTheTopLevelRolesArray() {
        Jwt jwt = token(Map.of("roles", List.of("deletion-ops", "deletion-admin")));

        assertThat(UserRoles.at("roles").of(jwt)).containsExactly("deletion-ops", "deletion-admin");
    }

    @Test
    void readsKeycloakRealmRolesThroughADottedPath() {
        Jwt jwt = token(Map.of("realm_access", Map.of("roles", List.of("offline_access", "deletion-ops"))));

        assertThat(UserRoles.at("realm_access.roles").has(jwt, "deletion-ops")).isTrue();
        assertThat(UserRoles.at("roles").of(jwt)).isEmpty();
    }

    @Test
    void neverReadsARoleFromScopeOrScp() {
        Jwt jwt = token(Map.of("scope", "openid deletion-ops", "scp", List.of("deletion-admin")));

        assertThat(UserRoles.at("roles").of(jwt)).isEmpty();
    }

    @Test
    void ignoresAClaimOfAnotherShape() {
        assertThat(UserRoles.at("roles").of(token(Map.of("roles", Map.of("deletion-ops", true)))))
                .isEmpty();
        assertThat(UserRoles.at("realm_access.roles").of(token(Map.of("realm_access", "deletion-ops"))))
                .isEmpty();
        assertThat(UserRoles.at("roles").of(token(Map.of("roles", List.of(1, "deletion-ops")))))
                .containsExactly("deletion-ops");
    }

    @Test
    void takesASingleStringAsOneRole() {
        assertThat(UserRoles.at("roles").of(token(Map.of("roles", "deletion-ops"))))
                .containsExactly("deletion-ops");
    }

    @Test
    void refusesAPathThatIsNotDottedClaimNames() {
        assertThatIllegalArgumentException().isThrownBy(() -> UserRoles.at(""));
        assertThatIllegalArgumentException().isThrownBy(() -> UserRoles.at("realm_access..roles"));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> UserRoles.at("roles[0]"))
                .withMessageContaining("realm_access.roles");
    }
}
