package com.bakeryia.orchestrator.registry;

import com.bakeryia.deletion.api.DeletionEndpoints;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.util.UriComponentsBuilder;

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

    /** The path segment of the service's deletion endpoints: the name without {@code -service}. */
    public String pathSegment() {
        return DeletionEndpoints.pathSegment(name);
    }

    /** {@code DELETE /api/v1/{segment}/tenant/{tenantId}}. */
    public URI deletionUri(UUID tenantId) {
        return resolve(DeletionEndpoints.deletePath(name), tenantId);
    }

    /** {@code GET /api/v1/{segment}/tenant/{tenantId}/deletion-preview}. */
    public URI previewUri(UUID tenantId) {
        return resolve(DeletionEndpoints.previewPath(name), tenantId);
    }

    private URI resolve(String template, UUID tenantId) {
        String base = baseUrl.toString();
        return UriComponentsBuilder.fromUriString(base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                .path(template)
                .buildAndExpand(Map.of(DeletionEndpoints.TENANT_ID, tenantId))
                .toUri();
    }
}
