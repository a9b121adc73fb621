package com.bakeryia.fleet.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
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
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

class UserTokenAutoConfigurationTests {

    private static final String JWT = "spring.security.oauth2.resourceserver.jwt.";

    @TempDir
    static Path keys;

    private static RSAKey signingKey;
    private static Path publicKeyPem;

    private final ApplicationContextRunner contexts = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(UserTokenAutoConfiguration.class))
            .withBean(Clock.class, Clock::systemUTC)
            .withPropertyValues("deletion.user-tokens.enabled=true", JWT + "audiences=bakery-ia");

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
                .run(context -> assertThat(context.getBean("userTokenDecoder")).isInstanceOf(JwtDecoder.class));
    }

    @Test
    void discoversTheIssuerOnFirstUseSoStartUpDoesNotNeedIt() {
        contexts.withPropertyValues(JWT + "issuer-uri=http://127.0.0.1:1/realms/bakery")
                .run(context -> assertThat(context.getBean("userTokenDecoder")).isInstanceOf(JwtDecoder.class));
    }

    @Test
    void fetchesTheKeysOfTheJwkSetUriAtMostTwiceForTwentyUnknownKidsWithinASecond() {
        try (JwksServer users = new JwksServer()) {
            contexts.withPropertyValues(JWT + "jwk-set-uri=" + users.jwksUri(), JWT + "jws-algorithms=ES256")
                    .run(context -> {
                        JwtDecoder decoder = context.getBean("userTokenDecoder", JwtDecoder.class);
                        assertThat(decoder.decode(users.token(UserTokenAutoConfigurationTests::userClaims))
                                        .getSubject())
                                .isNotBlank();
                        for (int i = 0; i < 20; i++) {
                            String unknown = users.tokenOfAnUnknownKey(UserTokenAutoConfigurationTests::userClaims);
                            assertThatExceptionOfType(JwtException.class)
                                    .isThrownBy(() -> decoder.decode(unknown))
                                    .withMessageNotContaining("127.0.0.1");
                        }
                        assertThat(users.fetches()).isBetween(1, 2);
                    });
        }
    }

    @Test
    void discoversTheJwksUriFromTheIssuersMetadataOnFirstUse() {
        try (JwksServer users = new JwksServer()) {
            contexts.withPropertyValues(JWT + "issuer-uri=" + users.issuerUri(), JWT + "jws-algorithms=ES256")
                    .run(context -> {
                        JwtDecoder decoder = context.getBean("userTokenDecoder", JwtDecoder.class);
                        assertThat(users.fetches()).isZero();
                        String token = users.token(claims -> userClaims(claims).issuer(users.issuerUri()));
                        assertThat(decoder.decode(token).getIssuer()).hasToString(users.issuerUri());
                        assertThat(decoder.decode(token).getIssuer()).hasToString(users.issuerUri());
                        assertThat(users.fetches()).isEqualTo(1);
                    });
        }
    }

    @Test
    void refusesTheKeysOfMetadataThatNamesAnotherIssuer() {
        try (JwksServer users = new JwksServer()) {
            users.claimIssuer("https://rogue.example/realm");
            contexts.withPropertyValues(JWT + "issuer-uri=" + users.issuerUri(), JWT + "jws-algorithms=ES256")
                    .run(context -> {
                        JwtDecoder decoder = context.getBean("userTokenDecoder", JwtDecoder.class);
                        String token = users.token(claims -> userClaims(claims).issuer(users.issuerUri()));
                        assertThatExceptionOfType(JwtException.class)
                                .isThrownBy(() -> decoder.decode(token))
                                .withMessageContaining("could not be fetched")
                                .withMessageNotContaining("127.0.0.1");
                        assertThat(users.fetches()).isZero();
                    });
        }
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
    void refusesToStartSayingWhatToSetWhenNoAudienceIsConfigured() {
        contexts.withPropertyValues(JWT + "audiences=", JWT + "public-key-location=file:" + publicKeyPem)
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("USER_TOKEN_AUDIENCES")
                        .hasMessageContaining("spring.security.oauth2.resourceserver.jwt.audiences"));
    }

    @Test
    void rejectsATokenForAnotherClientOrWithoutAudience() {
        withPublicKey(decoder -> {
            assertThatExceptionOfType(JwtValidationException.class)
                    .isThrownBy(() -> decoder.decode(sign(claims().audience("another-client"))))
                    .withMessageContaining("bakery-ia");
            assertThatExceptionOfType(JwtValidationException.class)
                    .isThrownBy(() -> decoder.decode(sign(claims().audience((String) null))))
                    .withMessageContaining("aud");
        });
    }

    @Test
    void acceptsATokenThatNamesOneOfTheConfiguredAudiences() {
        contexts.withPropertyValues(
                        JWT + "audiences=other-client,bakery-ia", JWT + "public-key-location=file:" + publicKeyPem)
                .run(context -> assertThat(context.getBean("userTokenDecoder", JwtDecoder.class)
                                .decode(sign(claims().audience(List.of("account-console", "bakery-ia"))))
                                .getAudience())
                        .contains("bakery-ia"));
    }

    @Test
    void refusesADeletionReceiptWhateverItsClaims() {
        withPublicKey(decoder -> assertThatExceptionOfType(JwtException.class)
                .isThrownBy(() -> decoder.decode(sign(claims(), new JOSEObjectType("deletion-receipt+jwt"))))
                .withMessage("A deletion receipt is not a token"));
    }

    @Test
    void rejectsATokenWithoutIssueTime() {
        withPublicKey(decoder -> assertThatExceptionOfType(JwtValidationException.class)
                .isThrownBy(() -> decoder.decode(sign(claims().issueTime(null))))
                .withMessageContaining("no issue time (iat)"));
    }

    @Test
    void rejectsATokenIssuedOrValidOnlyLaterThanTheClockSkew() {
        Instant now = Instant.now();
        withPublicKey(decoder -> {
            assertThatExceptionOfType(JwtValidationException.class)
                    .isThrownBy(() -> decoder.decode(sign(claims().issueTime(Date.from(now.plusSeconds(90)))
                            .expirationTime(Date.from(now.plusSeconds(600))))))
                    .withMessageContaining("was issued in the future (iat");
            assertThatExceptionOfType(JwtValidationException.class)
                    .isThrownBy(() -> decoder.decode(sign(claims().notBeforeTime(Date.from(now.plusSeconds(90))))))
                    .withMessageContaining("is not valid yet (nbf");
            assertThat(decoder.decode(sign(claims().issueTime(Date.from(now.plusSeconds(20))))))
                    .isNotNull();
        });
    }

    @Test
    void rejectsATokenOlderThanTheMaximumTokenAge() {
        Instant now = Instant.now();
        withPublicKey(decoder -> assertThatExceptionOfType(JwtValidationException.class)
                .isThrownBy(() -> decoder.decode(sign(claims().issueTime(Date.from(now.minusSeconds(3700))))))
                .withMessageContaining("older than the accepted PT1H (deletion.user-tokens.max-token-age)"));
        contexts.withPropertyValues(
                        "deletion.user-tokens.max-token-age=10m", JWT + "public-key-location=file:" + publicKeyPem)
                .run(context -> {
                    JwtDecoder decoder = context.getBean("userTokenDecoder", JwtDecoder.class);
                    assertThatExceptionOfType(JwtValidationException.class)
                            .isThrownBy(() ->
                                    decoder.decode(sign(claims().issueTime(Date.from(now.minusSeconds(15 * 60))))))
                            .withMessageContaining("PT10M");
                    assertThat(decoder.decode(sign(claims().issueTime(Date.from(now.minusSeconds(5 * 60))))))
                            .isNotNull();
                });
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
        JWTClaimsSet.Builder claims = claims().subject(subject);
        claims.expirationTime(expiresAt != null ? Date.from(expiresAt) : null);
        return sign(claims);
    }

    /** A valid token's claims: adjust and {@link #sign}. */
    private static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder()
                .issuer("bakery-dev-users")
                .subject(UUID.randomUUID().toString())
                .audience("bakery-ia")
                .issueTime(Date.from(Instant.now().minusSeconds(300)))
                .expirationTime(Date.from(Instant.now().plusSeconds(60)));
    }

    private static JWTClaimsSet.Builder userClaims(JWTClaimsSet.Builder claims) {
        return claims.issuer("bakery-dev-users")
                .subject(UUID.randomUUID().toString())
                .audience("bakery-ia");
    }

    private static String sign(JWTClaimsSet.Builder claims) {
        return sign(claims, null);
    }

    private static String sign(JWTClaimsSet.Builder claims, @Nullable JOSEObjectType type) {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).type(type).build(), claims.build());
        try {
            jwt.sign(new RSASSASigner(signingKey));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
