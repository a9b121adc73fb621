package com.bakeryia.orchestrator.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bakeryia.orchestrator.support.OrchestratorTestSupport;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.context.TestPropertySource;

/**
 * The orchestrator as Kubernetes runs it: actuator on a management port of its own. Probes,
 * Prometheus and the JWKS the other services fetch answer anonymously there, through the
 * orchestrator's own security chain; nothing else does, and the job API stays on the application
 * port behind tokens.
 */
@TestPropertySource(properties = "management.server.port=0")
class ManagementPortIntegrationTests extends OrchestratorTestSupport {

    @LocalManagementPort
    private int managementPort;

    @Test
    void servesProbesPrometheusAndJwksAnonymouslyOnTheManagementPort() {
        assertThat(managementPort).isPositive().isNotEqualTo(port);
        for (String path : List.of(
                "/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness", "/actuator/info")) {
            assertThat(onManagementPort("GET", path, null).status()).as(path).isEqualTo(200);
        }
        Answer prometheus = onManagementPort("GET", "/actuator/prometheus", null);
        assertThat(prometheus.status()).isEqualTo(200);
        assertThat(prometheus.text())
                .contains(
                        "bakery_deletion_jobs_finished_total{application=\"orchestrator-service\",status=\"FAILED\"} 0.0");
        // The database gauges show what the read started by an earlier scrape found: no job on a fresh database.
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> assertThat(onManagementPort("GET", "/actuator/prometheus", null)
                                        .text())
                                .contains("bakery_deletion_jobs_in_progress{application=\"orchestrator-service\"} 0.0")
                                .contains(
                                        "bakery_deletion_jobs_oldest_in_progress_age_seconds{application=\"orchestrator-service\"} 0.0"));
        Answer jwks = onManagementPort("GET", "/actuator/jwks", null);
        assertThat(jwks.status()).isEqualTo(200);
        assertThat(jwks.contentType()).startsWith("application/json");
        assertThat(jwks.json()).isEqualTo(get("/.well-known/jwks.json", null).json());
        assertThat(jwks.json().path("keys").path(0).path("kid").asText()).isEqualTo("orchestrator-test-key");
    }

    @Test
    void exposesNothingElseOnTheManagementPort() {
        for (String token : new String[] {null, opsToken()}) {
            Answer env = onManagementPort("GET", "/actuator/env", token);
            assertThat(env.status()).as("/actuator/env").isIn(401, 403, 404);
            assertThat(env.text()).doesNotContain("propertySources");
            assertThat(onManagementPort("GET", "/actuator/beans", token).status())
                    .isIn(401, 403, 404);
        }
    }

    @Test
    void servesNoApiOnTheManagementPortWhoseChainStillGuardsIt() {
        String job = "/api/v1/deletion-jobs/" + UUID.randomUUID();

        assertThat(onManagementPort("GET", job, null).status()).isEqualTo(401);
        assertThat(onManagementPort("GET", job, opsToken()).status()).isEqualTo(404);
        assertThat(onManagementPort("GET", "/v3/api-docs", null).status()).isIn(401, 404);
    }

    @Test
    void keepsTheJobApiOnTheApplicationPortBehindTokens() {
        assertThat(get("/api/v1/deletion-jobs", null).status()).isEqualTo(401);
        assertThat(get("/api/v1/deletion-jobs", userToken()).status()).isEqualTo(403);
        Answer jobs = get("/api/v1/deletion-jobs", opsToken());
        assertThat(jobs.status()).isEqualTo(200);
        assertThat(jobs.json().has("items")).isTrue();
        assertThat(get("/actuator/prometheus", null).status()).isIn(401, 404);
    }

    private Answer onManagementPort(String method, String path, @Nullable String token) {
        return send(managementPort, method, path, token, null);
    }
}
