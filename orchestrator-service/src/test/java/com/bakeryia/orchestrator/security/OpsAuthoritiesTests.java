package com.bakeryia.orchestrator.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

class OpsAuthoritiesTests {

    @Test
    void grantsTheOpsAuthorityFromRolesOrScope() {
        assertThat(names(jwt(Map.of("roles", List.of("deletion-ops", "owner")))))
                .containsExactly("deletion-ops");
        assertThat(names(jwt(Map.of("scope", "openid deletion-ops")))).containsExactly("deletion-ops");
        assertThat(names(jwt(Map.of("scp", List.of("deletion-ops"))))).containsExactly("deletion-ops");
        assertThat(names(jwt(Map.of("roles", List.of("owner"), "scope", "deletion-jobs.write"))))
                .isEmpty();
    }

    private static List<String> names(Jwt jwt) {
        return OpsAuthorities.ofUserToken(jwt).stream()
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
