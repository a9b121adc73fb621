package com.bakeryia.fleet.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.bakeryia.fleet.FleetProperties.SigningKey;
import com.bakeryia.fleet.ServiceIdentity;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.io.ClassPathResource;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

class NimbusServiceTokenIssuerTests {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final UUID TENANT = UUID.fromString("3F2504E0-4F89-41D3-9A0C-0305E82C3301");
    private static final UUID JOB = UUID.randomUUID();

    private final SigningKeys keys = SigningKeys.load(List.of(new SigningKey(
            "key-1",
            new ClassPathResource("service-tokens/p256-a-private.pem"),
            new ClassPathResource("service-tokens/p256-a-public.pem"))));
    private final ServiceTokenIssuer issuer = new NimbusServiceTokenIssuer(
            new ServiceIdentity("orchestrator-service"), keys, Duration.ofMinutes(2), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void issuesTokenThatVerifiesWithThePublishedKeys() throws Exception {
        Jwt jwt = decodeWithPublishedKeys(
                issuer.issue("orders-service", ServiceTokenScopes.TENANT_DATA_DELETE, TENANT, JOB));

        assertThat(jwt.getHeaders())
                .containsEntry("alg", "ES256")
                .containsEntry("kid", "key-1")
                .containsEntry("typ", "JWT");
        assertThat(jwt.getClaimAsString("iss")).isEqualTo("orchestrator-service");
        assertThat(jwt.getSubject()).isEqualTo("orchestrator-service");
        assertThat(jwt.getAudience()).containsExactly("orders-service");
        assertThat(jwt.getClaimAsString(ServiceTokenClaims.SCOPE)).isEqualTo(ServiceTokenScopes.TENANT_DATA_DELETE);
        assertThat(jwt.getClaimAsString(ServiceTokenClaims.TENANT_ID))
                .isEqualTo("3f2504e0-4f89-41d3-9a0c-0305e82c3301");
        assertThat(jwt.getClaimAsString(ServiceTokenClaims.JOB_ID)).isEqualTo(JOB.toString());
        assertThat(jwt.getIssuedAt()).isEqualTo(NOW);
        assertThat(jwt.getExpiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(2)));
        assertThat(UUID.fromString(jwt.getId())).isNotNull();
    }

    @Test
    void leavesOutTheJobIdWhenThereIsNone() throws Exception {
        Jwt jwt = decodeWithPublishedKeys(
                issuer.issue("orders-service", ServiceTokenScopes.TENANT_DATA_PREVIEW, TENANT, null));

        assertThat(jwt.getClaims()).doesNotContainKey(ServiceTokenClaims.JOB_ID);
    }

    @Test
    void givesEveryTokenItsOwnId() throws Exception {
        Jwt first = decodeWithPublishedKeys(issuer.issue("orders-service", "tenant-data.delete", TENANT, JOB));
        Jwt second = decodeWithPublishedKeys(issuer.issue("orders-service", "tenant-data.delete", TENANT, JOB));

        assertThat(first.getId()).isNotEqualTo(second.getId());
    }

    @Test
    void publishesNoPrivateKeyMaterial() {
        Map<String, Object> published = new JwksController(keys).jwks();

        assertThat(published.get("keys"))
                .asInstanceOf(InstanceOfAssertFactories.LIST)
                .singleElement()
                .asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsEntry("kid", "key-1")
                .containsEntry("crv", "P-256")
                .doesNotContainKey("d");
    }

    @Test
    void rejectsLifetimeLongerThanFiveMinutes() {
        assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
                .isThrownBy(() -> new NimbusServiceTokenIssuer(
                        new ServiceIdentity("orchestrator-service"), keys, Duration.ofMinutes(6), Clock.systemUTC()))
                .withMessageContaining("deletion.tokens.lifetime");
    }

    private Jwt decodeWithPublishedKeys(String token) throws Exception {
        JWKSet published = JWKSet.parse(new JwksController(keys).jwks());
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(
                new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, new ImmutableJWKSet<>(published)));
        NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
        decoder.setJwtValidator(JwtValidators.createDefault());
        return decoder.decode(token);
    }
}
