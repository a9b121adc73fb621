package com.bakeryia.tenant.tenants;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.tenant.testing.TenantApi;
import com.bakeryia.tenant.testing.TenantServiceIntegrationTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenApiDocumentIntegrationTests extends TenantServiceIntegrationTest {

    @Test
    void publishesTheOwnersApiWithoutAuthentication() {
        TenantApi.Response answer = api.call("GET", "/v3/api-docs", null, null);

        assertThat(answer.status()).isEqualTo(200);
        JsonNode document = answer.json();
        assertThat(document.path("info").path("title").asText()).isEqualTo("tenant-service");
        JsonNode paths = document.path("paths");
        assertThat(paths.path("/api/v1/tenants").has("post")).isTrue();
        assertThat(paths.path("/api/v1/tenants/{tenantId}").has("get")).isTrue();
        assertThat(paths.path("/api/v1/tenants/{tenantId}").has("delete")).isTrue();
        assertThat(paths.path("/api/v1/tenants/{tenantId}/transfer-ownership").has("post"))
                .isTrue();
        assertThat(paths.path("/api/v1/tenants/user/{userId}/memberships").has("delete"))
                .isTrue();
        assertThat(paths.path("/api/v1/tenant/tenant/{tenantId}").has("delete")).isTrue();
        assertThat(document.path("components")
                        .path("securitySchemes")
                        .path("bearer-jwt")
                        .path("scheme")
                        .asText())
                .isEqualTo("bearer");
        assertThat(document.path("security").path(0).has("bearer-jwt")).isTrue();
        List<String> names = new ArrayList<>();
        paths.fieldNames().forEachRemaining(names::add);
        assertThat(names).as("paths in a stable (sorted) order").isSorted();
    }
}
