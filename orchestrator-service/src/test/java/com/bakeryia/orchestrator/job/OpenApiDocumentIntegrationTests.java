package com.bakeryia.orchestrator.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.orchestrator.support.OrchestratorTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenApiDocumentIntegrationTests extends OrchestratorTestSupport {

    @Test
    void publishesTheJobApiWithoutAuthentication() {
        Answer answer = get("/v3/api-docs", null);

        assertThat(answer.status()).isEqualTo(200);
        JsonNode document = answer.json();
        assertThat(document.path("info").path("title").asText()).isEqualTo("orchestrator-service");
        JsonNode paths = document.path("paths");
        assertThat(paths.path("/api/v1/deletion-jobs/{jobId}").has("put")).isTrue();
        assertThat(paths.path("/api/v1/deletion-jobs/{jobId}").has("get")).isTrue();
        assertThat(paths.path("/api/v1/deletion-jobs").has("get")).isTrue();
        assertThat(paths.path("/api/v1/deletion-jobs/{jobId}/retry").has("post"))
                .isTrue();
        assertThat(paths.path("/api/v1/deletion-jobs/{jobId}/cancel").has("post"))
                .isTrue();
        assertThat(paths.path("/api/v1/deletion-jobs/{jobId}/receipt").has("get"))
                .isTrue();
        assertThat(paths.path("/api/v1/deletion-jobs/{jobId}/audit").has("get")).isTrue();
        assertThat(paths.path("/api/v1/tenants/{tenantId}/deletion-preview").has("get"))
                .isTrue();
        assertThat(document.path("components")
                        .path("securitySchemes")
                        .path("bearer-jwt")
                        .path("bearerFormat")
                        .asText())
                .isEqualTo("JWT");
        assertThat(document.path("security").path(0).has("bearer-jwt")).isTrue();
        assertThat(document.path("servers").path(0).path("url").asText()).isEqualTo("/");
        List<String> names = new ArrayList<>();
        paths.fieldNames().forEachRemaining(names::add);
        assertThat(names).as("paths in a stable (sorted) order").isSorted();
        // The orchestrator holds no tenant data: no deletion endpoints of its own.
        assertThat(names).noneMatch(path -> path.startsWith("/api/v1/orchestrator/"));
    }

    @Test
    void acceptsOnlyReadingTheDocumentWithoutAuthentication() {
        assertThat(send("POST", "/v3/api-docs", null, "").status()).isEqualTo(401);
    }
}
