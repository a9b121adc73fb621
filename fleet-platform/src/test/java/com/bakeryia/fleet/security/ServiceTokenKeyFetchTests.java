package com.bakeryia.fleet.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import com.bakeryia.fleet.FleetProperties;
import com.bakeryia.fleet.ServiceIdentity;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * The keys of a trusted issuer are fetched through Nimbus' JWKSourceBuilder: cached, rate limited
 * and outage tolerant. Guards the bug where each token with an unknown kid made a synchronous JWKS
 * fetch (Spring's builder switches Nimbus' rate limiting off): twenty anonymous requests, twenty
 * fetches.
 */
class ServiceTokenKeyFetchTests {

    private static final String ISSUER = "orchestrator-service";

    private final JwksServer jwks = new JwksServer();

    @AfterEach
    void stop() {
        jwks.close();
    }

    @Test
    void twentyTokensWithUnknownKidsWithinASecondFetchTheKeysAtMostTwice() {
        AuthenticationManager manager = manager(FleetProperties.Jwks.DEFAULTS);

        for (int i = 0; i < 20; i++) {
            String token = jwks.tokenOfAnUnknownKey(serviceToken());
            assertThatExceptionOfType(InvalidBearerTokenException.class)
                    .isThrownBy(() -> manager.authenticate(new BearerTokenAuthenticationToken(token)))
                    .extracting(ex -> ex.getError().getDescription(), STRING)
                    .contains("issuer '" + ISSUER + "'")
                    .doesNotContain("127.0.0.1");
        }

        assertThat(jwks.fetches()).isBetween(1, 2);
    }

    @Test
    void aCachedKeyStillVerifiesWhileTheJwksIsDownAndAnUnknownKidIsToldWhyWithoutTheUrl() throws Exception {
        FleetProperties.Jwks shortCache = new FleetProperties.Jwks(
                Duration.ofSeconds(2),
                Duration.ofMillis(200),
                Duration.ofSeconds(1),
                Duration.ofHours(1),
                Duration.ofSeconds(2),
                Duration.ofSeconds(5));
        AuthenticationManager manager = manager(shortCache);
        assertThat(manager.authenticate(new BearerTokenAuthenticationToken(jwks.token(serviceToken())))
                        .isAuthenticated())
                .isTrue();

        jwks.close();
        Thread.sleep(2500);

        assertThat(manager.authenticate(new BearerTokenAuthenticationToken(jwks.token(serviceToken())))
                        .isAuthenticated())
                .isTrue();
        String unknown = jwks.tokenOfAnUnknownKey(serviceToken());
        assertThatExceptionOfType(InvalidBearerTokenException.class)
                .isThrownBy(() -> manager.authenticate(new BearerTokenAuthenticationToken(unknown)))
                .extracting(ex -> ex.getError().getDescription(), STRING)
                .contains("issuer '" + ISSUER + "'")
                .doesNotContain("127.0.0.1")
                .doesNotContain(JwksServer.JWKS_PATH);
    }

    @Test
    void anIssuerWhoseKeysCannotBeFetchedIsToldWithoutTheUrl() {
        AuthenticationManager manager = manager(FleetProperties.Jwks.DEFAULTS);
        String token = jwks.token(serviceToken());
        jwks.close();

        assertThatExceptionOfType(InvalidBearerTokenException.class)
                .isThrownBy(() -> manager.authenticate(new BearerTokenAuthenticationToken(token)))
                .extracting(ex -> ex.getError().getDescription(), STRING)
                .isEqualTo("The signing keys of issuer '" + ISSUER + "' could not be fetched");
    }

    private AuthenticationManager manager(FleetProperties.Jwks settings) {
        FleetProperties.Security security = new FleetProperties.Security(
                Map.of(ISSUER, jwks.jwksUri()),
                Duration.ofSeconds(30),
                Duration.ofMinutes(5),
                Map.of(ISSUER, java.util.List.of("tenant-data.delete")),
                settings);
        return new ServiceTokenAuthentication(new ServiceIdentity("orders-service"), security, Clock.systemUTC())
                .authenticationManager(ISSUER);
    }

    private static UnaryOperator<com.nimbusds.jwt.JWTClaimsSet.Builder> serviceToken() {
        return claims -> claims.issuer(ISSUER)
                .subject(ISSUER)
                .audience("orders-service")
                .claim("scope", "tenant-data.delete")
                .claim("tenant_id", UUID.randomUUID().toString());
    }
}
