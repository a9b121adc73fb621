package com.bakeryia.orchestrator.preview;

import static com.bakeryia.orchestrator.support.FleetStub.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.orchestrator.support.FleetStub.Call;
import com.bakeryia.orchestrator.support.OrchestratorTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DeletionPreviewIntegrationTests extends OrchestratorTestSupport {

    @Test
    void addsUpThePreviewsOfEveryService() {
        UUID tenant = UUID.randomUUID();

        JsonNode preview = get("/api/v1/tenants/" + tenant + "/deletion-preview", opsToken())
                .json();

        assertThat(preview.path("tenant_id").asText()).isEqualTo(tenant.toString());
        assertThat(preview.path("partial").asBoolean()).isFalse();
        assertThat(preview.path("total").asLong()).isEqualTo(13 * 3);
        JsonNode orders = preview.path("services").path("orders-service");
        assertThat(orders.path("status").asText()).isEqualTo("ok");
        assertThat(orders.path("counts").path("orders_rows").asLong()).isEqualTo(3);
        List<Call> calls = FLEET.calls().stream()
                .filter(call -> call.tenantId().equals(tenant))
                .toList();
        assertThat(calls).hasSize(SERVICES.size()).allSatisfy(call -> {
            assertThat(call.method()).isEqualTo("GET");
            assertThat(call.claims().path("scope").asText()).isEqualTo("tenant-data.preview");
            assertThat(call.claims().path("aud").toString()).contains(call.service());
            assertThat(call.claims().path("tenant_id").asText()).isEqualTo(tenant.toString());
        });
    }

    @Test
    void marksThePreviewPartialWhenAServiceIsDown() {
        UUID tenant = UUID.randomUUID();
        FLEET.script("recipes-service", tenant, status(503));

        JsonNode preview = get("/api/v1/tenants/" + tenant + "/deletion-preview", opsToken())
                .json();

        assertThat(preview.path("partial").asBoolean()).isTrue();
        assertThat(preview.path("total").asLong()).isEqualTo(12 * 3);
        JsonNode recipes = preview.path("services").path("recipes-service");
        assertThat(recipes.path("status").asText()).isEqualTo("unavailable");
        assertThat(recipes.path("error").asText()).startsWith("recipes-service: HTTP 503");
        assertThat(preview.path("services").path("sales-service").path("status").asText())
                .isEqualTo("ok");
    }
}
