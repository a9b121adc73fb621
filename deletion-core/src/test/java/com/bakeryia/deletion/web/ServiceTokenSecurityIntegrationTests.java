package com.bakeryia.deletion.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.fleet.token.ServiceTokenClaims;
import com.bakeryia.fleet.token.ServiceTokenIssuer;
import com.bakeryia.fleet.token.ServiceTokenScopes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service-token rules end to end: a running {@code test-service} whose deletion endpoints are
 * guarded by the library's chain, trusting {@code orchestrator-service} (keys served by a local
 * JWKS server), itself (keys proxied from its own {@code /.well-known/jwks.json}) and an issuer
 * whose JWKS endpoint fails.
 */
@SpringBootTest(
        classes = SecurityTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "deletion.tokens.signing-enabled=true",
            "deletion.tokens.signing-keys[0].id=test-1",
            "deletion.tokens.signing-keys[0].private-key=classpath:service-tokens/p256-a-private.pem",
            "deletion.tokens.signing-keys[0].public-key=classpath:service-tokens/p256-a-public.pem"
        })
@ExtendWith(OutputCaptureExtension.class)
class ServiceTokenSecurityIntegrationTests {

    private static final String ORCHESTRATOR = "orchestrator-service";
    private static final String SELF = "test-service";
    private static final UUID TENANT = UUID.fromString("3f2504e0-4f89-41d3-9a0c-0305e82c3301");
    private static final UUID OTHER_TENANT = UUID.fromString("9b2c1a7e-2d4f-4c1b-8e5a-6f7d8c9b0a12");
    private static final String KEY_ID = "orchestrator-1";

    private static final ECKey ORCHESTRATOR_KEY = generateKey(KEY_ID);
    private static final ECKey ROGUE_KEY_WITH_SAME_ID = generateKey(KEY_ID);
    private static final HttpServer JWKS_SERVER = startJwksServer();
    private static volatile int applicationPort;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper objectMapper = new ObjectMapper();

    @LocalServerPort
    private int port;

    @Autowired
    private ServiceTokenIssuer issuer;

    @DynamicPropertySource
    static void trustedIssuers(DynamicPropertyRegistry registry) {
        String jwks = "http://127.0.0.1:" + JWKS_SERVER.getAddress().getPort();
        registry.add("deletion.security.trusted-issuers." + ORCHESTRATOR, () -> jwks + "/orchestrator/jwks.json");
        registry.add("deletion.security.trusted-issuers." + SELF, () -> jwks + "/self/jwks.json");
        registry.add("deletion.security.trusted-issuers.down-service", () -> jwks + "/down/jwks.json");
        registry.add("deletion.security.issuer-scopes." + SELF, () -> "tenant-data.preview,tenant-data.delete");
        registry.add("deletion.security.issuer-scopes.down-service", () -> "tenant-data.preview,tenant-data.delete");
    }

    @BeforeEach
    void rememberApplicationPort() {
        applicationPort = port;
    }

    @AfterAll
    static void stopJwksServer() {
        JWKS_SERVER.stop(0);
    }

    @Test
    void acceptsTokenGrantingTheEndpointScopeForThePathTenant() throws Exception {
        HttpResponse<String> preview = get(previewPath(TENANT), token(claims -> {}));
        HttpResponse<String> delete = delete(
                deletePath(TENANT), token(claims -> claims.claim(ServiceTokenClaims.SCOPE, "tenant-data.delete")));

        assertThat(preview.statusCode()).isEqualTo(200);
        assertThat(json(preview).path("tenant_id").asText()).isEqualTo(TENANT.toString());
        assertThat(delete.statusCode()).isEqualTo(200);
        assertThat(json(delete).path("operation").asText()).isEqualTo("delete");
    }

    @Test
    void acceptsTokensOfItsOwnIssuerVerifiedWithItsPublishedKeys() throws Exception {
        String token = issuer.issue(SELF, ServiceTokenScopes.TENANT_DATA_DELETE, TENANT, UUID.randomUUID());

        HttpResponse<String> response = delete(deletePath(TENANT), token);

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void rejectsRequestWithoutToken() throws Exception {
        HttpResponse<String> response = get(previewPath(TENANT), null);

        assertProblem(response, 401, "A bearer token is required");
        assertThat(response.headers().firstValue(HttpHeaders.WWW_AUTHENTICATE)).hasValue("Bearer");
    }

    @Test
    void rejectsTokenSignedWithAnotherKey() throws Exception {
        String token = sign(ROGUE_KEY_WITH_SAME_ID, claims(claims -> {}));

        HttpResponse<String> response = get(previewPath(TENANT), token);

        assertProblem(
                response,
                401,
                "The bearer token does not verify with the keys of issuer 'orchestrator-service':"
                        + " its signature matches none of them");
        // Nimbus' own words (the root cause) stay in the log.
        assertThat(response.body()).doesNotContain("Signed JWT rejected");
    }

    @Test
    void rejectsExpiredToken() throws Exception {
        Instant issuedAt = Instant.now().minus(Duration.ofMinutes(4));
        String token = token(claims ->
                claims.issueTime(Date.from(issuedAt)).expirationTime(Date.from(issuedAt.plus(Duration.ofMinutes(2)))));

        HttpResponse<String> response = get(previewPath(TENANT), token);

        assertProblem(response, 401, "The bearer token is expired");
        assertThat(response.headers().firstValue(HttpHeaders.WWW_AUTHENTICATE))
                .hasValueSatisfying(challenge -> assertThat(challenge)
                        .startsWith("Bearer error=\"invalid_token\"")
                        .contains("error_description=\"The bearer token is expired"));
    }

    @Test
    void acceptsTokenExpiredWithinTheClockSkew() throws Exception {
        Instant now = Instant.now();
        String token = token(claims -> claims.issueTime(Date.from(now.minus(Duration.ofMinutes(2))))
                .expirationTime(Date.from(now.minusSeconds(10))));

        assertThat(get(previewPath(TENANT), token).statusCode()).isEqualTo(200);
    }

    @Test
    void rejectsTokenWithoutExpiry() throws Exception {
        String token = token(claims -> claims.expirationTime(null));

        assertProblem(get(previewPath(TENANT), token), 401, "The bearer token has no expiry (exp claim)");
    }

    @Test
    void rejectsTokenWithoutIssueTime() throws Exception {
        String token = token(claims -> claims.issueTime(null));

        assertProblem(get(previewPath(TENANT), token), 401, "The bearer token has no issue time (iat claim)");
    }

    @Test
    void rejectsTokenLivingLongerThanFiveMinutes() throws Exception {
        Instant now = Instant.now();
        String token = token(
                claims -> claims.issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(10)))));

        assertProblem(get(previewPath(TENANT), token), 401, "longer than the accepted PT5M");
    }

    @Test
    void rejectsTokenOfUntrustedIssuer() throws Exception {
        String token = token(claims -> claims.issuer("rogue").subject("rogue"));

        assertProblem(get(previewPath(TENANT), token), 401, "Token issuer 'rogue' is not trusted");
    }

    @Test
    void rejectsTokenSignedWithHs256() throws Exception {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(KEY_ID).build(), claims(claims -> {}));
        jwt.sign(new MACSigner(secret));

        assertProblem(get(previewPath(TENANT), jwt.serialize()), 401, "algorithm is HS256, only ES256 is accepted");
    }

    @Test
    void rejectsUnsignedToken() throws Exception {
        String token = new PlainJWT(claims(claims -> {})).serialize();

        assertProblem(get(previewPath(TENANT), token), 401, "algorithm is none, only ES256 is accepted");
    }

    @Test
    void rejectsTokenWithoutCanonicalTenantId() throws Exception {
        String token = token(claims -> claims.claim(ServiceTokenClaims.TENANT_ID, "1-1-1-1-1"));

        assertProblem(get(previewPath(TENANT), token), 401, "tenant_id claim is missing or not a canonical UUID");
    }

    @Test
    void deniesATokenBoundToAUserInsteadOfATenantOnTenantEndpoints() throws Exception {
        String token = token(claims -> claims.claim(ServiceTokenClaims.TENANT_ID, null)
                .claim(ServiceTokenClaims.USER_ID, UUID.randomUUID().toString()));

        assertProblem(
                get(previewPath(TENANT), token),
                403,
                "The token does not grant scope tenant-data.preview for tenant " + TENANT);
    }

    @Test
    void rejectsTokenWhoseUserIdIsNotCanonical() throws Exception {
        String token = token(
                claims -> claims.claim(ServiceTokenClaims.TENANT_ID, null).claim(ServiceTokenClaims.USER_ID, "bob"));

        assertProblem(get(previewPath(TENANT), token), 401, "user_id claim is not a canonical UUID");
    }

    @Test
    void rejectsTokenAddressedToAnotherServiceWithForbidden() throws Exception {
        String token = token(claims -> claims.audience("inventory-service"));

        assertProblem(
                get(previewPath(TENANT), token),
                403,
                "The token is addressed to [inventory-service], not to test-service");
    }

    @Test
    void rejectsTokenWithoutTheEndpointScope() throws Exception {
        String token = token(claims -> claims.claim(ServiceTokenClaims.SCOPE, ServiceTokenScopes.TENANT_DATA_PREVIEW));

        HttpResponse<String> response = delete(deletePath(TENANT), token);

        assertProblem(response, 403, "The token does not grant scope tenant-data.delete");
        assertThat(response.headers().firstValue(HttpHeaders.WWW_AUTHENTICATE))
                .hasValueSatisfying(
                        challenge -> assertThat(challenge).startsWith("Bearer error=\"insufficient_scope\""));
    }

    @Test
    void rejectsTokenBoundToAnotherTenant() throws Exception {
        String token = token(claims -> claims.claim(ServiceTokenClaims.TENANT_ID, OTHER_TENANT.toString()));

        assertProblem(
                get(previewPath(TENANT), token),
                403,
                "The token does not grant scope tenant-data.preview for tenant " + TENANT);
    }

    @Test
    void comparesTenantIdsAsUuids() throws Exception {
        String token = token(claims ->
                claims.claim(ServiceTokenClaims.TENANT_ID, TENANT.toString().toUpperCase()));

        assertThat(get(previewPath(TENANT), token).statusCode()).isEqualTo(200);
    }

    @Test
    void letsMalformedTenantIdThroughToTheEndpoint() throws Exception {
        HttpResponse<String> response = get("/api/v1/test/tenant/not-a-uuid/deletion-preview", token(claims -> {}));

        assertProblem(response, 400, "Tenant id 'not-a-uuid' is not a canonical UUID");
    }

    @Test
    void deniesOtherRequestsUnderTheTenantPath() throws Exception {
        HttpResponse<String> response = get("/api/v1/test/tenant/" + TENANT + "/anything", token(claims -> {}));

        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void answersEndpointFailuresWithServerErrorNotUnauthorized() throws Exception {
        UUID failing = UUID.fromString(SecurityTestApplication.FAILING_TENANT);
        String token = token(claims -> claims.claim(ServiceTokenClaims.TENANT_ID, failing.toString()));

        assertThat(get(previewPath(failing), token).statusCode()).isEqualTo(500);
    }

    @Test
    void rejectsTokenWhenTheIssuerKeysCannotBeFetched(CapturedOutput output) throws Exception {
        String token = token(claims -> claims.issuer("down-service").subject("down-service"));

        assertProblem(
                get(previewPath(TENANT), token), 401, "The signing keys of issuer 'down-service' could not be fetched");
        assertThat(output).contains("WARN").contains("issuer 'down-service'").contains("/down/jwks.json");
    }

    @Test
    void publishesOnlyPublicKeysWithoutAuthentication() throws Exception {
        HttpResponse<String> response = get("/.well-known/jwks.json", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue(HttpHeaders.CONTENT_TYPE))
                .hasValueSatisfying(
                        type -> assertThat(MediaType.parseMediaType(type).isCompatibleWith(MediaType.APPLICATION_JSON))
                                .isTrue());
        JWKSet published = JWKSet.parse(response.body());
        assertThat(published.getKeys()).singleElement().satisfies(key -> {
            assertThat(key.getKeyID()).isEqualTo("test-1");
            assertThat(key.isPrivate()).isFalse();
        });
        assertThat(json(response).path("keys").path(0).has("d")).isFalse();
    }

    @Test
    void publishesTheSameKeysAsActuatorEndpointWithoutAuthentication() throws Exception {
        HttpResponse<String> actuator = get("/actuator/jwks", null);
        HttpResponse<String> wellKnown = get("/.well-known/jwks.json", null);

        assertThat(actuator.statusCode()).isEqualTo(200);
        assertThat(actuator.headers().firstValue(HttpHeaders.CONTENT_TYPE))
                .hasValueSatisfying(
                        type -> assertThat(MediaType.parseMediaType(type).isCompatibleWith(MediaType.APPLICATION_JSON))
                                .isTrue());
        assertThat(JWKSet.parse(actuator.body()).getKeys())
                .extracting(key -> key.getKeyID())
                .containsExactly("test-1");
        assertThat(JWKSet.parse(actuator.body()).toJSONObject(true))
                .isEqualTo(JWKSet.parse(wellKnown.body()).toJSONObject(true));
        assertThat(json(actuator).path("keys").path(0).has("d")).isFalse();
    }

    @Test
    void leavesHealthAndInfoOpen() throws Exception {
        assertThat(get("/actuator/health", null).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/readiness", null).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/info", null).statusCode()).isEqualTo(200);
    }

    @Test
    void deniesEveryOtherRequestWithoutAuthentication() throws Exception {
        assertProblem(get("/anything-else", null), 401, "A bearer token is required");
        assertThat(get("/actuator/env", null).statusCode()).isEqualTo(401);
    }

    private void assertProblem(HttpResponse<String> response, int status, String detail) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue(HttpHeaders.CONTENT_TYPE))
                .hasValueSatisfying(type -> assertThat(
                                MediaType.parseMediaType(type).isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                        .isTrue());
        JsonNode problem = json(response);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("detail").asText()).contains(detail);
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("instance").asText()).startsWith("/");
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET(), token);
    }

    private HttpResponse<String> delete(String path, String token) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).DELETE(), token);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String token)
            throws IOException, InterruptedException {
        if (token != null) {
            request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private JsonNode json(HttpResponse<String> response) throws IOException {
        return objectMapper.readTree(response.body());
    }

    private static String previewPath(UUID tenantId) {
        return "/api/v1/test/tenant/" + tenantId + "/deletion-preview";
    }

    private static String deletePath(UUID tenantId) {
        return "/api/v1/test/tenant/" + tenantId;
    }

    private static String token(Consumer<JWTClaimsSet.Builder> customizer) throws JOSEException {
        return sign(ORCHESTRATOR_KEY, claims(customizer));
    }

    private static JWTClaimsSet claims(Consumer<JWTClaimsSet.Builder> customizer) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ORCHESTRATOR)
                .subject(ORCHESTRATOR)
                .audience(SELF)
                .claim(ServiceTokenClaims.SCOPE, ServiceTokenScopes.TENANT_DATA_PREVIEW)
                .claim(ServiceTokenClaims.TENANT_ID, TENANT.toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(2))))
                .jwtID(UUID.randomUUID().toString());
        customizer.accept(claims);
        return claims.build();
    }

    private static String sign(ECKey key, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .keyID(key.getKeyID())
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    private static ECKey generateKey(String keyId) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(keyId).generate();
        } catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static HttpServer startJwksServer() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext(
                    "/orchestrator/jwks.json",
                    exchange -> respond(exchange, 200, new JWKSet(ORCHESTRATOR_KEY.toPublicJWK()).toString()));
            server.createContext("/self/jwks.json", exchange -> respond(exchange, 200, fetchOwnJwks()));
            server.createContext("/down/jwks.json", exchange -> respond(exchange, 503, "unavailable"));
            server.start();
            return server;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String fetchOwnJwks() throws IOException {
        try {
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + applicationPort + "/.well-known/jwks.json"))
                    .build();
            return HttpClient.newHttpClient()
                    .send(request, HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException(ex);
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE);
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
