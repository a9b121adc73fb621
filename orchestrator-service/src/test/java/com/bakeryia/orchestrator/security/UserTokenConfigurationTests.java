package com.bakeryia.orchestrator.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;

class UserTokenConfigurationTests {

    private static final String JWT = "spring.security.oauth2.resourceserver.jwt.";

    private final ApplicationContextRunner contextRunner =
            new ApplicationContextRunner().withUserConfiguration(UserTokenConfiguration.class);

    @Test
    void refusesToStartWithoutAWayToValidateUserTokens() {
        contextRunner
                .withPropertyValues(JWT + "issuer-uri=", JWT + "jwk-set-uri=")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("USER_TOKEN_ISSUER_URI")
                        .hasMessageContaining("USER_TOKEN_JWKS_URI"));
    }

    @Test
    void validatesWithTheJwkSetWhenOneIsConfigured() {
        contextRunner
                .withPropertyValues(JWT + "issuer-uri=", JWT + "jwk-set-uri=http://127.0.0.1:1/jwks.json")
                .run(context -> assertThat(context.getBean(JwtDecoder.class)).isInstanceOf(NimbusJwtDecoder.class));
    }

    @Test
    void discoversTheIssuerOnFirstUseWhenOnlyTheIssuerIsConfigured() {
        contextRunner
                .withPropertyValues(JWT + "issuer-uri=http://127.0.0.1:1/realms/bakery")
                .run(context -> assertThat(context.getBean(JwtDecoder.class)).isInstanceOf(SupplierJwtDecoder.class));
    }

    @Test
    void readsTheDevPublicKeyOfTheLocalProfile() {
        contextRunner
                .withPropertyValues(JWT + "public-key-location=file:../config/local/dev-user-token-public.pem")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(JwtDecoder.class));
    }

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
        return UserTokenConfiguration.authorities(jwt).stream()
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
