package com.bakeryia.tenant.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.oauth2.jwt.JwtDecoder;

class UserTokenDecoderConfigurationTests {

    private final ApplicationContextRunner contexts = new ApplicationContextRunner()
            .withUserConfiguration(UserTokenDecoderConfiguration.class)
            .withBean(Clock.class, Clock::systemUTC);

    @Test
    void failsAtStartUpSayingWhatToSetWhenNoIssuerIsConfigured() {
        contexts.withPropertyValues(
                        "spring.security.oauth2.resourceserver.jwt.issuer-uri=",
                        "spring.security.oauth2.resourceserver.jwt.jwk-set-uri=")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("USER_TOKEN_ISSUER_URI")
                        .hasMessageContaining("USER_TOKEN_JWKS_URI"));
    }

    @Test
    void decodesWithTheJwkSetUriWhenSet() {
        contexts.withPropertyValues(
                        "spring.security.oauth2.resourceserver.jwt.jwk-set-uri=http://127.0.0.1:1/jwks.json")
                .run(context -> assertThat(context).hasSingleBean(JwtDecoder.class));
    }

    @Test
    void discoversTheIssuerLazilySoStartUpDoesNotNeedIt() {
        contexts.withPropertyValues("spring.security.oauth2.resourceserver.jwt.issuer-uri=http://127.0.0.1:1/realm")
                .run(context -> assertThat(context).hasSingleBean(JwtDecoder.class));
    }

    @Test
    void usesThePublicKeyOfTheLocalProfile() {
        contexts.withPropertyValues(
                        "spring.security.oauth2.resourceserver.jwt.public-key-location=file:../config/local/dev-user-token-public.pem")
                .run(context -> assertThat(context).hasSingleBean(JwtDecoder.class));
    }
}
