package com.bakeryia.idp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import com.bakeryia.idp.client.OidcLogin;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "idp.users[0].id=6f1c8a52-0d1e-4c3b-9a7f-2b4e5d6c7a81",
            "idp.users[0].password=owner-password",
            "idp.users[1].id=0aa2b3c4-d5e6-4f70-8192-a3b4c5d6e7f8",
            "idp.users[1].password=ops-password",
            "idp.users[1].roles=deletion-ops,deletion-admin",
            "idp.clients[0].id=bakery-ia",
            "idp.clients[0].secret=bakery-secret",
            "idp.clients[0].redirect-uri=http://127.0.0.1/callback",
            "idp.clients[0].scopes=deletion-ops",
            "idp.clients[1].id=other-app",
            "idp.clients[1].secret=other-secret",
            "idp.clients[1].redirect-uri=http://127.0.0.1/other",
        })
class IdentityProviderApplicationTests {

    private static final String OWNER = "6f1c8a52-0d1e-4c3b-9a7f-2b4e5d6c7a81";
    private static final String OPS = "0aa2b3c4-d5e6-4f70-8192-a3b4c5d6e7f8";

    @Value("${local.server.port}")
    int port;

    private URI issuer() {
        return URI.create("http://127.0.0.1:" + port);
    }

    private OidcLogin client(String id, String secret, String redirect) {
        return new OidcLogin(issuer(), id, secret, URI.create(redirect));
    }

    private static JWTClaimsSet claims(String token) throws Exception {
        return SignedJWT.parse(token).getJWTClaimsSet();
    }

    @Test
    void refusesAWrongPassword() {
        assertThatIllegalStateException()
                .isThrownBy(() -> client("bakery-ia", "bakery-secret", "http://127.0.0.1/callback")
                        .login(OWNER, "guess", "openid"))
                .withMessageContaining("refused the login");
    }

    @Test
    void refusesAClientWithTheWrongSecret() {
        assertThatIllegalStateException()
                .isThrownBy(() -> client("bakery-ia", "wrong", "http://127.0.0.1/callback")
                        .login(OWNER, "owner-password", "openid"))
                .withMessageContaining("401");
    }

    @Test
    void issuesTheUserAnAccessTokenForTheClientWithTheLoginsAuthTime() throws Exception {
        Instant before = Instant.now().minusSeconds(1);

        JWTClaimsSet token = claims(client("bakery-ia", "bakery-secret", "http://127.0.0.1/callback")
                .login(OWNER, "owner-password", "openid"));

        assertThat(token.getIssuer()).isEqualTo(issuer().toString());
        assertThat(token.getSubject()).isEqualTo(OWNER);
        assertThat(token.getAudience()).containsExactly("bakery-ia");
        assertThat(Instant.ofEpochSecond(token.getLongClaim("auth_time"))).isBetween(before, Instant.now());
        assertThat(token.getJSONObjectClaim("realm_access")).isEqualTo(Map.of("roles", java.util.List.of()));
        assertThat(token.getIssueTime()).isNotNull();
    }

    @Test
    void putsTheUsersRolesWhereKeycloakPutsRealmRolesAndTheClientsScopesInScope() throws Exception {
        JWTClaimsSet token = claims(client("bakery-ia", "bakery-secret", "http://127.0.0.1/callback")
                .login(OPS, "ops-password", "openid deletion-ops"));

        assertThat(token.getJSONObjectClaim("realm_access").get("roles"))
                .asList()
                .containsExactlyInAnyOrder("deletion-ops", "deletion-admin");
        assertThat(token.getClaim("scope")).asString().contains("deletion-ops");
    }

    @Test
    void issuesATokenOfAnotherClientForThatClientsAudience() throws Exception {
        JWTClaimsSet token = claims(
                client("other-app", "other-secret", "http://127.0.0.1/other").login(OWNER, "owner-password", "openid"));

        assertThat(token.getAudience()).containsExactly("other-app");
    }
}
