package com.bakeryia.orchestrator.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.orchestrator.support.OrchestratorTestSupport;
import com.bakeryia.testkit.contract.OpenApiDocuments;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenApiDocumentIntegrationTests extends OrchestratorTestSupport {

    @Test
    void publishesTheJobApiWithoutAuthentication() {
        Answer answer = get("/v3/api-docs", null);

        assertThat(answer.status()).isEqualTo(200);
        JsonNode document = answer.json();
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
        OpenApiDocuments.assertFleetConventions(document, "orchestrator-service");
        // The orchestrator holds no tenant data: no deletion endpoints of its own.
        List<String> names = new ArrayList<>();
        paths.fieldNames().forEachRemaining(names::add);
        assertThat(names).noneMatch(path -> path.startsWith("/api/v1/orchestrator/"));
    }

    @Test
    void describesEveryOperationWithAStableIdASummaryAndWhoMayCallIt() {
        JsonNode document = get("/v3/api-docs", null).json();
        JsonNode paths = document.path("paths");

        Map<String, String> operationIds = new LinkedHashMap<>();
        operationIds.put("put /api/v1/deletion-jobs/{jobId}", "createDeletionJob");
        operationIds.put("get /api/v1/deletion-jobs/{jobId}", "getDeletionJob");
        operationIds.put("get /api/v1/deletion-jobs", "listDeletionJobs");
        operationIds.put("post /api/v1/deletion-jobs/{jobId}/retry", "retryDeletionJob");
        operationIds.put("post /api/v1/deletion-jobs/{jobId}/cancel", "cancelDeletionJob");
        operationIds.put("post /api/v1/deletion-jobs/{jobId}/expedite", "expediteDeletionJob");
        operationIds.put("post /api/v1/deletion-jobs/{jobId}/approvals/{requestId}", "approveDeletionJobAdminAction");
        operationIds.put("get /api/v1/deletion-jobs/{jobId}/receipt", "getDeletionReceipt");
        operationIds.put("get /api/v1/deletion-jobs/{jobId}/audit", "getDeletionJobAudit");
        operationIds.put("get /api/v1/tenants/{tenantId}/deletion-preview", "previewTenantDeletion");
        operationIds.put("get /api/v1/tenants/{tenantId}/export", "exportTenant");
        operationIds.put("put /api/v1/tenants/{tenantId}/legal-hold", "placeLegalHold");
        operationIds.put("delete /api/v1/tenants/{tenantId}/legal-hold", "liftLegalHold");
        operationIds.put("get /api/v1/tenants/{tenantId}/legal-hold", "getLegalHold");
        operationIds.put("get /api/v1/tenants/{tenantId}/legal-holds", "listLegalHolds");
        operationIds.put("get /.well-known/jwks.json", "getJwks");
        operationIds.put("get /.well-known/receipt-jwks.json", "getReceiptJwks");
        OpenApiDocuments.assertDescribesExactly(document, operationIds);
        assertThat(paths.path("/api/v1/deletion-jobs/{jobId}")
                        .path("put")
                        .path("summary")
                        .asText())
                .isEqualTo("Create a tenant deletion job (idempotent)");
        assertThat(paths.path("/api/v1/deletion-jobs/{jobId}")
                        .path("put")
                        .path("description")
                        .asText())
                .contains("deletion-jobs.write", "deletion-admin", "second, different administrator");
        JsonNode create =
                paths.path("/api/v1/deletion-jobs/{jobId}").path("put").path("responses");
        assertThat(create.has("201")).isTrue();
        assertThat(create.has("200")).isTrue();
        assertThat(create.path("409").path("content").has("application/problem+json"))
                .isTrue();
    }

    @Test
    void acceptsOnlyReadingTheDocumentWithoutAuthentication() {
        assertThat(send("POST", "/v3/api-docs", null, "").status()).isEqualTo(401);
    }
}
