package com.bakeryia.tenant.tenants;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.tenant.testing.TenantApi;
import com.bakeryia.tenant.testing.TenantServiceIntegrationTest;
import com.bakeryia.testkit.contract.OpenApiDocuments;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenApiDocumentIntegrationTests extends TenantServiceIntegrationTest {

    @Test
    void publishesTheOwnersApiWithoutAuthentication() {
        TenantApi.Response answer = api.call("GET", "/v3/api-docs", null, null);

        assertThat(answer.status()).isEqualTo(200);
        JsonNode document = answer.json();
        JsonNode paths = document.path("paths");
        assertThat(paths.path("/api/v1/tenants").has("post")).isTrue();
        assertThat(paths.path("/api/v1/tenants/{tenantId}").has("get")).isTrue();
        assertThat(paths.path("/api/v1/tenants/{tenantId}").has("delete")).isTrue();
        assertThat(paths.path("/api/v1/tenants/{tenantId}/transfer-ownership").has("post"))
                .isTrue();
        assertThat(paths.path("/api/v1/tenants/user/{userId}/memberships").has("delete"))
                .isTrue();
        assertThat(paths.path("/api/v1/tenant/tenant/{tenantId}").has("delete")).isTrue();
        OpenApiDocuments.assertFleetConventions(document, "tenant-service");
    }

    @Test
    void describesEveryOperationWithAStableIdASummaryAndWhoMayCallIt() {
        JsonNode document = api.call("GET", "/v3/api-docs", null, null).json();
        JsonNode paths = document.path("paths");

        Map<String, String> operationIds = new LinkedHashMap<>();
        operationIds.put("post /api/v1/tenants", "createTenant");
        operationIds.put("get /api/v1/tenants/{tenantId}", "getTenant");
        operationIds.put("get /api/v1/tenants/{tenantId}/members", "listMembers");
        operationIds.put("get /api/v1/tenants/{tenantId}/admins", "listAdmins");
        operationIds.put("post /api/v1/tenants/{tenantId}/members", "addMember");
        operationIds.put("put /api/v1/tenants/{tenantId}/members/{userId}/role", "changeMemberRole");
        operationIds.put("delete /api/v1/tenants/{tenantId}/members/{userId}", "removeMember");
        operationIds.put("post /api/v1/tenants/{tenantId}/transfer-ownership", "transferOwnership");
        operationIds.put("get /api/v1/tenants/invitations", "listMyInvitations");
        operationIds.put("post /api/v1/tenants/invitations/{invitationId}/accept", "acceptInvitation");
        operationIds.put("post /api/v1/tenants/invitations/{invitationId}/decline", "declineInvitation");
        operationIds.put("get /api/v1/tenants/{tenantId}/settings", "getTenantSettings");
        operationIds.put("put /api/v1/tenants/{tenantId}/settings", "replaceTenantSettings");
        operationIds.put("delete /api/v1/tenants/{tenantId}", "requestTenantDeletion");
        operationIds.put("post /api/v1/tenants/{tenantId}/deletion/cancel", "cancelTenantDeletion");
        operationIds.put("get /api/v1/tenants/{tenantId}/deletion", "getTenantDeletionStatus");
        operationIds.put("post /api/v1/tenants/{tenantId}/exports", "requestTenantExport");
        operationIds.put("get /api/v1/tenants/{tenantId}/exports/{exportId}", "getTenantExport");
        operationIds.put("get /api/v1/tenants/{tenantId}/exports/{exportId}/download", "downloadTenantExport");
        operationIds.put("get /api/v1/tenants/{tenantId}/deletion/receipt", "getTenantDeletionReceipt");
        operationIds.put("delete /api/v1/tenants/user/{userId}/memberships", "removeUserMemberships");
        operationIds.put("get /api/v1/tenant/tenant/{tenantId}/deletion-preview", "previewTenantData");
        operationIds.put("delete /api/v1/tenant/tenant/{tenantId}", "deleteTenantData");
        operationIds.put("get /api/v1/tenant/tenant/{tenantId}/export", "exportTenantData");
        operationIds.put("get /.well-known/jwks.json", "getJwks");
        OpenApiDocuments.assertDescribesExactly(document, operationIds);
        assertThat(paths.path("/api/v1/tenants/{tenantId}")
                        .path("delete")
                        .path("responses")
                        .has("202"))
                .isTrue();
        assertThat(paths.path("/api/v1/tenant/tenant/{tenantId}")
                        .path("delete")
                        .path("description")
                        .asText())
                .contains("tenant-data.delete");
    }
}
