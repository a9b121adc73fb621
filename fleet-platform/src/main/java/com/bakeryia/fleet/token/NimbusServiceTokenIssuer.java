package com.bakeryia.fleet.token;

import com.bakeryia.fleet.ServiceIdentity;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.util.Assert;

/** Signs service tokens with the first configured key through Spring Security's Nimbus encoder. */
final class NimbusServiceTokenIssuer implements ServiceTokenIssuer {

    static final Duration MAX_LIFETIME = Duration.ofMinutes(5);

    private final String serviceName;
    private final String keyId;
    private final JwtEncoder encoder;
    private final Duration lifetime;
    private final Clock clock;

    NimbusServiceTokenIssuer(ServiceIdentity identity, SigningKeys keys, Duration lifetime, Clock clock) {
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw new InvalidConfigurationPropertyValueException(
                    "deletion.tokens.lifetime",
                    lifetime,
                    "Service tokens must live longer than 0 and at most 5 minutes");
        }
        this.serviceName = identity.name();
        this.keyId = keys.signingKey().getKeyID();
        this.encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(keys.signingKey())));
        this.lifetime = lifetime;
        this.clock = clock;
    }

    @Override
    public String issue(String audience, String scope, UUID tenantId, @Nullable UUID jobId) {
        Assert.hasText(audience, "audience must name the called service");
        Assert.hasText(scope, "scope must not be empty");
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
                .issuer(serviceName)
                .subject(serviceName)
                .audience(List.of(audience))
                .issuedAt(now)
                .expiresAt(now.plus(lifetime))
                .id(UUID.randomUUID().toString())
                .claim(ServiceTokenClaims.SCOPE, scope)
                .claim(ServiceTokenClaims.TENANT_ID, tenantId.toString());
        if (jobId != null) {
            claims.claim(ServiceTokenClaims.JOB_ID, jobId.toString());
        }
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.ES256)
                .keyId(keyId)
                .type("JWT")
                .build();
        return encoder.encode(JwtEncoderParameters.from(header, claims.build())).getTokenValue();
    }
}
