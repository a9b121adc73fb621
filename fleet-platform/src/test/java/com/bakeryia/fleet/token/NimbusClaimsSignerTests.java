package com.bakeryia.fleet.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.fleet.FleetProperties.SigningKey;
import com.bakeryia.fleet.ServiceIdentity;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

class NimbusClaimsSignerTests {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private final SigningKeys keys = SigningKeys.load(List.of(new SigningKey(
            "key-1",
            new ClassPathResource("service-tokens/p256-a-private.pem"),
            new ClassPathResource("service-tokens/p256-a-public.pem"))));
    private final ClaimsSigner signer =
            new NimbusClaimsSigner(new ServiceIdentity("orchestrator-service"), keys, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void signsNestedClaimsThatVerifyWithThePublishedKeys() throws Exception {
        String signed = signer.sign(
                "deletion-receipt+jwt",
                Map.of("job_id", "j-1", "services", Map.of("orders-service", Map.of("orders", 3, "verified", true))));

        SignedJWT jwt = SignedJWT.parse(signed);
        ECKey published = (ECKey) JWKSet.parse(new JwksController(keys).jwks()).getKeyByKeyId("key-1");

        assertThat(jwt.verify(new ECDSAVerifier(published))).isTrue();
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(jwt.getHeader().getType().getType()).isEqualTo("deletion-receipt+jwt");
        assertThat(jwt.getJWTClaimsSet().getStringClaim("job_id")).isEqualTo("j-1");
        assertThat(jwt.getJWTClaimsSet().getJSONObjectClaim("services"))
                .isEqualTo(Map.of("orders-service", Map.of("orders", 3L, "verified", true)));
    }

    @Test
    void setsIssuerAndIssueTimeOverGivenOnes() throws Exception {
        String signed = signer.sign("deletion-receipt+jwt", Map.of("iss", "someone-else", "iat", 1L));

        SignedJWT jwt = SignedJWT.parse(signed);

        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("orchestrator-service");
        assertThat(jwt.getJWTClaimsSet().getIssueTime()).isEqualTo(Date.from(NOW));
    }

    @Test
    void signatureBreaksWhenAClaimIsAltered() throws Exception {
        String[] parts = signer.sign("deletion-receipt+jwt", Map.of("total", 5)).split("\\.");
        String forgedPayload = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("{\"total\":0,\"iss\":\"orchestrator-service\"}".getBytes());
        SignedJWT forged = SignedJWT.parse(parts[0] + "." + forgedPayload + "." + parts[2]);
        ECKey published = (ECKey) keys.publicKeys().getKeyByKeyId("key-1");

        assertThat(forged.verify(new ECDSAVerifier(published))).isFalse();
    }
}
