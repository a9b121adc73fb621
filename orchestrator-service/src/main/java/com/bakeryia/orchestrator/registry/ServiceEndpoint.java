package com.bakeryia.orchestrator.registry;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

/**
 * A service the orchestrator calls, resolved from the registry.
 *
 * @param name the fleet name, also the token audience and metrics tag ({@code orders-service})
 * @param baseUrl scheme, host and port
 * @param connectTimeout longest wait for a connection
 * @param readTimeout longest wait for one answer
 * @param finalStep whether its step runs last, after all others succeeded
 */
public record ServiceEndpoint(
        String name, URI baseUrl, Duration connectTimeout, Duration readTimeout, boolean finalStep) {

    private static final String SERVICE_SUFFIX = "-service";

    /** The path segment of the service's deletion endpoints: the name without {@code -service}. */
    public String pathSegment() {
        return name.endsWith(SERVICE_SUFFIX) ? name.substring(0, name.length() - SERVICE_SUFFIX.length()) : name;
    }

    /** {@code DELETE /api/v1/{segment}/tenant/{tenantId}}. */
    public URI deletionUri(UUID tenantId) {
        return resolve("/api/v1/" + pathSegment() + "/tenant/" + tenantId);
    }

    /** {@code GET /api/v1/{segment}/tenant/{tenantId}/deletion-preview}. */
    public URI previewUri(UUID tenantId) {
        return resolve("/api/v1/" + pathSegment() + "/tenant/" + tenantId + "/deletion-preview");
    }

    private URI resolve(String path) {
        String base = baseUrl.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }
}
