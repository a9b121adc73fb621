package com.bakeryia.fleet.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;

class UserTokenAutoConfigurationTests {

    private static final String JWT = "spring.security.oauth2.resourceserver.jwt.";

    @TempDir
    static Path keys;

    private static RSAKey signingKey;
    private static Path publicKeyPem;

    private final ApplicationContextRunner contexts = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(UserTokenAutoConfiguration.class))
            .withBean(Clock.class, Clock::systemUTC)
            .withPropertyValues("deletion.user-tokens.enabled=true");

    @BeforeAll
    static void writePublicKey() throws JOSEException, IOException {
        signingKey = new RSAKeyGenerator(2048).generate();
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes())
                        .encodeToString(signingKey.toRSAPublicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        publicKeyPem = Files.writeString(keys.resolve("users.pem"), pem);
    }

    @Test
    void declaresNoDecoderUnlessEnabled() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(UserTokenAutoConfiguration.class))
                .withPropertyValues(JWT + "jwk-set-uri=http://127.0.0.1:1/jwks.json")
                .run(context -> assertThat(context).doesNotHaveBean("userTokenDecoder"));
    }

    @Test
    void refusesToStartSayingWhatToSetWhenNoIssuerIsConfigured() {
        contexts.withPropertyValues(JWT + "issuer-uri=", JWT + "jwk-set-uri=")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("USER_TOKEN_ISSUER_URI")
                        .hasMessageContaining("USER_TOKEN_JWKS_URI"));
    }

    @Test
    void decodesWithTheJwkSetUriWhenSet() {
        contexts.withPropertyValues(JWT + "issuer-uri=", JWT + "jwk-set-uri=http://127.0.0.1:1/jwks.json")
                .run(context -> assertThat(context.getBean("userTokenDecoder")).isInstanceOf(NimbusJwtDecoder.class));
    }

    @Test
    void discoversTheIssuerOnFirstUseSoStartUpDoesNotNeedIt() {
        contexts.withPropertyValues(JWT + "issuer-uri=http://127.0.0.1:1/realms/bakery")
                .run(context -> assertThat(context.getBean("userTokenDecoder")).isInstanceOf(SupplierJwtDecoder.class));
    }

    @Test
    void aServiceDecoderOfTheSameNameWins() {
        JwtDecoder own = token -> {
            throw new UnsupportedOperationException();
        };
        contexts.withBean("userTokenDecoder", JwtDecoder.class, () -> own)
                .run(context -> assertThat(context.getBean("userTokenDecoder")).isSameAs(own));
    }

    @Test
    void acceptsACurrentTokenOfTheConfiguredKeyWithAUserIdAsSubject() {
        String user = UUID.randomUUID().toString();
        withPublicKey(decoder -> assertThat(
                        decoder.decode(token(user, Instant.now().plusSeconds(60)))
                                .getSubject())
                .isEqualTo(user));
    }

    @Test
    void rejectsATokenWithoutExpiryOrWhoseSubjectIsNoUserId() {
        withPublicKey(decoder -> {
            assertThatExceptionOfType(JwtValidationException.class)
                    .isThrownBy(() -> decoder.decode(token(UUID.randomUUID().toString(), null)))
                    .withMessageContaining("no expiry");
            assertThatExceptionOfType(JwtValidationException.class)
                    .isThrownBy(
                            () -> decoder.decode(token("alice", Instant.now().plusSeconds(60))))
                    .withMessageContaining("canonical UUID");
            assertThatExceptionOfType(JwtValidationException.class)
                    .isThrownBy(() -> decoder.decode(
                            token(UUID.randomUUID().toString(), Instant.now().minusSeconds(120))));
        });
    }

    private void withPublicKey(java.util.function.Consumer<JwtDecoder> check) {
        contexts.withPropertyValues(JWT + "public-key-location=file:" + publicKeyPem)
                .run(context -> check.accept(context.getBean("userTokenDecoder", JwtDecoder.class)));
    }

    private static String token(String subject, @Nullable Instant expiresAt) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer("bakery-dev-users")
                .subject(subject)
                .issueTime(Date.from(Instant.now().minusSeconds(300)));
        if (expiresAt != null) {
            claims.expirationTime(Date.from(expiresAt));
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims.build());
        try {
            jwt.sign(new RSASSASigner(signingKey));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
