package com.bakeryia.fleet.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.bakeryia.fleet.FleetProperties;
import com.bakeryia.fleet.ServiceIdentity;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/** What a service token must be besides signed and current: its type, its one audience, its issuer's scopes. */
class ServiceTokenRulesTests {

    private static final String ORCHESTRATOR = "orchestrator-service";
    private static final String ACCOUNTS = "account-service";
    private static final String SERVICE = "tenant-service";

    private final JwksServer orchestrator = new JwksServer();
    private final JwksServer accounts = new JwksServer();
    private final ServiceTokenAuthentication authentication = new ServiceTokenAuthentication(
            new ServiceIdentity(SERVICE),
            new FleetProperties.Security(
                    Map.of(ORCHESTRATOR, orchestrator.jwksUri(), ACCOUNTS, accounts.jwksUri()),
                    Duration.ofSeconds(30),
                    Duration.ofMinutes(5),
                    Map.of(ORCHESTRATOR, List.of("tenant-data.preview", "tenant-data.delete")),
                    FleetProperties.Jwks.DEFAULTS),
            Clock.systemUTC());

    @AfterEach
    void stop() {
        orchestrator.close();
        accounts.close();
    }

    @Test
    void refusesATokenNamingTwoAudiencesOrNone() {
        assertRefused(
                orchestrator.token(claims(ORCHESTRATOR, "tenant-data.delete")
                        .then(c -> c.audience(List.of(SERVICE, "orders-service")))),
                "A service token must name exactly one audience");
        assertRefused(
                orchestrator.token(claims(ORCHESTRATOR, "tenant-data.delete").then(c -> c.audience((String) null))),
                "A service token must name exactly one audience");
    }

    @Test
    void refusesADeletionReceiptWhateverItsClaims() {
        assertRefused(
                orchestrator.tokenOfType(
                        new JOSEObjectType("deletion-receipt+jwt"), claims(ORCHESTRATOR, "tenant-data.delete")),
                "A deletion receipt is not a token");
    }

    @Test
    void refusesAServiceTokenWhoseTypeIsNotJwt() {
        assertRefused(
                orchestrator.tokenOfType(null, claims(ORCHESTRATOR, "tenant-data.delete")),
                "A service token must have the JOSE header typ JWT, not none");
        assertRefused(
                orchestrator.tokenOfType(new JOSEObjectType("at+jwt"), claims(ORCHESTRATOR, "tenant-data.delete")),
                "A service token must have the JOSE header typ JWT, not at+jwt");
    }

    @Test
    void grantsOnlyTheScopesItsIssuerMayGrantAndSaysWhichItMayNot() {
        UUID user = UUID.randomUUID();
        Authentication token =
                authenticate(orchestrator.token(claims(ORCHESTRATOR, "tenant-data.delete tenant-memberships.delete")
                        .then(c -> c.claim("tenant_id", null).claim("user_id", user.toString()))));

        assertThat(token.getAuthorities())
                .extracting(GrantedAuthority::getAuthority)
                .containsExactly("SCOPE_tenant-data.delete");
        ServiceTokenAuthorizationDecision decision = (ServiceTokenAuthorizationDecision)
                ServiceTokenAuthorization.hasScopeForUser("tenant-memberships.delete", "userId")
                        .authorize(() -> token, context("userId", user.toString()));
        assertThat(decision.isGranted()).isFalse();
        assertThat(decision.reason())
                .isEqualTo("Issuer 'orchestrator-service' may not grant scope tenant-memberships.delete");
    }

    @Test
    void anIssuerWithoutScopesGrantsNone() {
        UUID tenant = UUID.randomUUID();
        Authentication token = authenticate(accounts.token(
                claims(ACCOUNTS, "tenant-data.delete").then(c -> c.claim("tenant_id", tenant.toString()))));

        assertThat(token.getAuthorities()).isEmpty();
        ServiceTokenAuthorizationDecision decision = (ServiceTokenAuthorizationDecision)
                ServiceTokenAuthorization.hasScopeForTenant("tenant-data.delete", "tenantId")
                        .authorize(() -> token, context("tenantId", tenant.toString()));
        assertThat(decision.reason()).isEqualTo("Issuer 'account-service' may not grant scope tenant-data.delete");
    }

    @Test
    void grantsAScopeItsIssuerMayGrant() {
        UUID tenant = UUID.randomUUID();
        Authentication token = authenticate(orchestrator.token(
                claims(ORCHESTRATOR, "tenant-data.delete").then(c -> c.claim("tenant_id", tenant.toString()))));

        assertThat(ServiceTokenAuthorization.hasScopeForTenant("tenant-data.delete", "tenantId")
                        .authorize(() -> token, context("tenantId", tenant.toString()))
                        .isGranted())
                .isTrue();
    }

    @Test
    void anIssuerWhoseJwksUriIsEmptyIsNotTrusted() {
        FleetProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(
                        "deletion.security.trusted-issuers.account-service", "",
                        "deletion.security.trusted-issuers.orchestrator-service", "http://127.0.0.1:1/jwks.json")))
                .bindOrCreate("deletion", FleetProperties.class);

        assertThat(properties.security().trustedIssuers()).containsOnlyKeys(ORCHESTRATOR);
        assertThat(new ServiceTokenAuthentication(
                                new ServiceIdentity(SERVICE), properties.security(), Clock.systemUTC())
                        .authenticationManager(ACCOUNTS))
                .isNull();
    }

    private void assertRefused(String token, String reason) {
        assertThatExceptionOfType(InvalidBearerTokenException.class)
                .isThrownBy(() -> authenticate(token))
                .extracting(ex -> ex.getError().getDescription())
                .isEqualTo(reason);
    }

    private Authentication authenticate(String token) {
        return authentication
                .authenticationManager(issuerOf(token))
                .authenticate(new BearerTokenAuthenticationToken(token));
    }

    private static String issuerOf(String token) {
        try {
            return com.nimbusds.jwt.JWTParser.parse(token).getJWTClaimsSet().getIssuer();
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RequestAuthorizationContext context(String variable, String value) {
        return new RequestAuthorizationContext(new MockHttpServletRequest(), Map.of(variable, value));
    }

    private static Claims claims(String issuer, String scope) {
        return claims -> claims.issuer(issuer)
                .subject(issuer)
                .audience(SERVICE)
                .claim("scope", scope)
                .claim("tenant_id", UUID.randomUUID().toString());
    }

    /** Adjusts a token's claims. */
    interface Claims extends UnaryOperator<JWTClaimsSet.Builder> {
        default Claims then(UnaryOperator<JWTClaimsSet.Builder> next) {
            return claims -> next.apply(apply(claims));
        }
    }
}
