package com.bakeryia.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What every service's OpenAPI document ({@code /v3/api-docs}) keeps to, whatever its operations. */
public final class OpenApiDocuments {

    private OpenApiDocuments() {}

    /**
     * Asserts the fleet's conventions: the service's name as title, the {@code bearer-jwt} scheme required
     * globally, the server relative to the document, paths and tags sorted (the document is the same on every
     * start: docs/api/ is compared with it), and a public JWKS operation that requires no token.
     */
    public static void assertFleetConventions(JsonNode document, String service) {
        assertThat(document.path("info").path("title").asText()).isEqualTo(service);
        JsonNode scheme = document.path("components").path("securitySchemes").path("bearer-jwt");
        assertThat(scheme.path("scheme").asText()).isEqualTo("bearer");
        assertThat(scheme.path("bearerFormat").asText()).isEqualTo("JWT");
        assertThat(document.path("security").path(0).has("bearer-jwt")).isTrue();
        assertThat(document.path("servers").path(0).path("url").asText())
                .as("server relative to the document, whatever host the request came through")
                .isEqualTo("/");
        List<String> paths = new ArrayList<>();
        document.path("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).as("paths in a stable (sorted) order").isSorted();
        List<String> tags = new ArrayList<>();
        document.path("tags").forEach(tag -> tags.add(tag.path("name").asText()));
        assertThat(tags).as("tags in a stable (sorted) order").isSorted();
        JsonNode jwks = document.path("paths").path("/.well-known/jwks.json").path("get");
        if (!jwks.isMissingNode()) {
            assertThat(jwks.path("security").isArray() && jwks.path("security").isEmpty())
                    .as("the public JWKS requires no token: %s", jwks.path("security"))
                    .isTrue();
        }
    }

    /**
     * Asserts that the document holds exactly these operations ({@code "put /api/v1/x/{id}"} to its
     * operationId), each with its operationId, a summary under 80 characters, a description and one tag.
     */
    public static void assertDescribesExactly(JsonNode document, Map<String, String> operationIds) {
        JsonNode paths = document.path("paths");
        operationIds.forEach((operation, id) -> {
            String[] methodAndPath = operation.split(" ");
            JsonNode described = paths.path(methodAndPath[1]).path(methodAndPath[0]);
            assertThat(described.path("operationId").asText()).as(operation).isEqualTo(id);
            assertThat(described.path("summary").asText())
                    .as(operation)
                    .isNotBlank()
                    .hasSizeLessThan(80);
            assertThat(described.path("description").asText()).as(operation).isNotBlank();
            assertThat(described.path("tags")).as(operation).hasSize(1);
        });
        List<String> everyOperation = new ArrayList<>();
        paths.properties()
                .forEach(path -> path.getValue()
                        .fieldNames()
                        .forEachRemaining(method -> everyOperation.add(method + " " + path.getKey())));
        assertThat(everyOperation)
                .as("every operation is described")
                .containsExactlyInAnyOrderElementsOf(operationIds.keySet());
    }
}
