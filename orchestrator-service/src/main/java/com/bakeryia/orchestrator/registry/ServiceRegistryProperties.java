package com.bakeryia.orchestrator.registry;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The services a deletion job calls.
 *
 * @param services every service by its fleet name ({@code orders-service}); each tenant and domain service of the
 *     roster ({@code fleet.yaml}) is there with the base URL {@code ${<NAME>_URL:http://127.0.0.1:<port>}} unless
 *     configured otherwise, and the job's steps follow the roster's order
 * @param finalService the service whose step runs last, after every other step succeeded and
 *     verified (tenant-service: it removes the memberships and leaves the tenant's tombstone)
 */
@ConfigurationProperties("orchestrator")
public record ServiceRegistryProperties(
        @DefaultValue Map<String, Service> services,
        @DefaultValue("tenant-service") String finalService) {

    /**
     * One service.
     *
     * @param baseUrl scheme, host and port of the service, e.g. {@code http://127.0.0.1:8101}
     * @param enabled whether jobs created from now on call it; a disabled service gets no step
     * @param connectTimeout longest wait for a connection to the service
     * @param readTimeout longest wait for the service's answer to one call
     */
    public record Service(
            @Nullable URI baseUrl,
            @DefaultValue("true") boolean enabled,
            @DefaultValue("2s") Duration connectTimeout,
            @DefaultValue("120s") Duration readTimeout) {}
}
