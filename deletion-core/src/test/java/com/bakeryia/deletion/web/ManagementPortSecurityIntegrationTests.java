package com.bakeryia.deletion.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.fleet.token.ServiceTokenIssuer;
import com.bakeryia.fleet.token.ServiceTokenScopes;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.util.TestSocketUtils;

/**
 * A service laid out as in Kubernetes: actuator on a management port of its own ({@code
 * management.server.port}), the API on the application port. The library's chains guard both;
 * the service trusts its own tokens with the keys it publishes at {@code /actuator/jwks} on the
 * management port, as the fleet's services trust the orchestrator's.
 */
@SpringBootTest(
        classes = SecurityTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "deletion.tokens.signing-enabled=true",
            "deletion.tokens.signing-keys[0].id=test-1",
            "deletion.tokens.signing-keys[0].private-key=classpath:service-tokens/p256-a-private.pem",
            "deletion.tokens.signing-keys[0].public-key=classpath:service-tokens/p256-a-public.pem",
            // Exposed here only to prove that exposure alone opens nothing: the chains still deny it.
            "management.endpoints.web.exposure.include=health,info,prometheus,jwks,env"
        })
@AutoConfigureObservability(tracing = false)
class ManagementPortSecurityIntegrationTests {

    private static final String SELF = "test-service";
    private static final int MANAGEMENT_PORT = TestSocketUtils.findAvailableTcpPort();
    private static final UUID TENANT = UUID.fromString("3f2504e0-4f89-41d3-9a0c-0305e82c3301");

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    private int port;

    @LocalManagementPort
    private int managementPort;

    @Autowired
    private ServiceTokenIssuer issuer;

    @DynamicPropertySource
    static void managementPortAndOwnKeys(DynamicPropertyRegistry registry) {
        registry.add("management.server.port", () -> MANAGEMENT_PORT);
        registry.add(
                "deletion.security.trusted-issuers." + SELF,
                () -> "http://127.0.0.1:" + MANAGEMENT_PORT + "/actuator/jwks");
        registry.add("deletion.security.issuer-scopes." + SELF, () -> "tenant-data.preview,tenant-data.delete");
    }

    @Test
    void servesHealthProbesPrometheusAndJwksAnonymouslyOnTheManagementPort() throws Exception {
        assertThat(managementPort).isEqualTo(MANAGEMENT_PORT).isNotEqualTo(port);
        for (String path : List.of(
                "/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness", "/actuator/info")) {
            assertThat(get(managementPort, path, null).statusCode()).as(path).isEqualTo(200);
        }
        HttpResponse<String> prometheus = get(managementPort, "/actuator/prometheus", null);
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body()).contains("# TYPE spring_security_");
        HttpResponse<String> jwks = get(managementPort, "/actuator/jwks", null);
        assertThat(jwks.statusCode()).isEqualTo(200);
        assertThat(jwks.headers().firstValue(HttpHeaders.CONTENT_TYPE))
                .hasValueSatisfying(
                        type -> assertThat(MediaType.parseMediaType(type).isCompatibleWith(MediaType.APPLICATION_JSON))
                                .isTrue());
        assertThat(keyIds(jwks)).containsExactly("test-1");
    }

    @Test
    void deniesEveryOtherActuatorEndpointOnTheManagementPortEvenWhenExposed() throws Exception {
        HttpResponse<String> env = get(managementPort, "/actuator/env", null);
        HttpResponse<String> links = get(managementPort, "/actuator", null);

        assertThat(env.statusCode()).isEqualTo(401);
        assertThat(env.body()).doesNotContain("propertySources");
        assertThat(links.statusCode()).isEqualTo(401);
        assertThat(get(managementPort, "/actuator/nothing-here", null).statusCode())
                .isIn(401, 404);
    }

    @Test
    void servesNoApiOnTheManagementPort() throws Exception {
        String token = issuer.issue(SELF, ServiceTokenScopes.TENANT_DATA_PREVIEW, TENANT, UUID.randomUUID());

        assertThat(get(managementPort, previewPath(), null).statusCode()).isEqualTo(401);
        assertThat(get(managementPort, previewPath(), token).statusCode()).isEqualTo(404);
        assertThat(get(managementPort, "/.well-known/jwks.json", null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void keepsTheDeletionEndpointsBehindTokensOnTheApplicationPort() throws Exception {
        assertThat(get(port, previewPath(), null).statusCode()).isEqualTo(401);
        assertThat(get(port, "/actuator/health", null).statusCode()).isIn(401, 404);
        assertThat(get(port, "/actuator/jwks", null).statusCode()).isIn(401, 404);
    }

    @Test
    void verifiesTokensWithTheKeysOfTheIssuersActuatorJwksEndpoint() throws Exception {
        String token = issuer.issue(SELF, ServiceTokenScopes.TENANT_DATA_PREVIEW, TENANT, UUID.randomUUID());

        HttpResponse<String> preview = get(port, previewPath(), token);

        assertThat(preview.statusCode()).as(preview.body()).isEqualTo(200);
        assertThat(preview.body()).contains(TENANT.toString());
    }

    private static String previewPath() {
        return "/api/v1/test/tenant/" + TENANT + "/deletion-preview";
    }

    private static List<String> keyIds(HttpResponse<String> response) throws ParseException {
        return JWKSet.parse(response.body()).getKeys().stream()
                .map(JWK::getKeyID)
                .toList();
    }

    private HttpResponse<String> get(int onPort, String path, @Nullable String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + onPort + path))
                .GET();
        if (token != null) {
            request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
