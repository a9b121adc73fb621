package com.bakeryia.tenant.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.tenant.testing.TenantApi;
import com.bakeryia.tenant.testing.TenantServiceIntegrationTest;
import com.bakeryia.tenant.testing.TestFleet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.context.TestPropertySource;

/**
 * tenant-service as Kubernetes runs it: actuator on a management port of its own. Probes,
 * Prometheus and the JWKS the orchestrator fetches answer anonymously there, through
 * tenant-service's own security chain; nothing else does, and the owners' API stays on the
 * application port behind tokens.
 */
@TestPropertySource(properties = "management.server.port=0")
class ManagementPortIntegrationTests extends TenantServiceIntegrationTest {

    @LocalManagementPort
    private int managementPort;

    @Test
    void servesProbesPrometheusAndJwksAnonymouslyOnTheManagementPort() {
        TenantApi management = new TenantApi(managementPort);
        for (String path : List.of(
                "/actuator/health",
                "/actuator/health/liveness",
                "/actuator/health/readiness",
                "/actuator/info",
                "/actuator/prometheus")) {
            assertThat(management.call("GET", path, null, null).status())
                    .as(path)
                    .isEqualTo(200);
        }
        TenantApi.Response jwks = management.call("GET", "/actuator/jwks", null, null);
        assertThat(jwks.status()).isEqualTo(200);
        assertThat(jwks.header("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(jwks.json())
                .isEqualTo(api.call("GET", "/.well-known/jwks.json", null, null).json());
        assertThat(jwks.json().path("keys").path(0).path("kid").asText()).isEqualTo("tenant-service-test");
    }

    @Test
    void exposesNothingElseOnTheManagementPort() {
        TenantApi management = new TenantApi(managementPort);
        for (String token : new String[] {null, TestFleet.userToken(UUID.randomUUID())}) {
            TenantApi.Response env = management.call("GET", "/actuator/env", token, null);
            assertThat(env.status()).isIn(401, 403, 404);
            assertThat(env.body()).doesNotContain("propertySources");
            assertThat(management.call("GET", "/actuator/beans", token, null).status())
                    .isIn(401, 403, 404);
        }
    }

    @Test
    void servesNoApiOnTheManagementPortWhoseChainStillGuardsIt() {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Management port bakery");
        TenantApi management = new TenantApi(managementPort);

        assertThat(management
                        .call("GET", "/api/v1/tenants/" + tenant, null, null)
                        .status())
                .isEqualTo(401);
        assertThat(management
                        .as(owner, "GET", "/api/v1/tenants/" + tenant, null)
                        .status())
                .isEqualTo(404);
        assertThat(api.as(owner, "GET", "/api/v1/tenants/" + tenant, null).status())
                .isEqualTo(200);
    }

    @Test
    void keepsTheOwnersApiOnTheApplicationPortBehindTokens() {
        assertThat(api.call("GET", "/api/v1/tenants/" + UUID.randomUUID(), null, null)
                        .status())
                .isEqualTo(401);
        assertThat(api.call("GET", "/actuator/prometheus", null, null).status()).isIn(401, 404);
        assertThat(api.call("GET", "/actuator/jwks", null, null).status()).isIn(401, 404);
    }
}
