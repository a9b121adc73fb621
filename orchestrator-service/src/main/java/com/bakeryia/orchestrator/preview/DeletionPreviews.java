package com.bakeryia.orchestrator.preview;

import com.bakeryia.deletion.api.DeletionPreview;
import com.bakeryia.deletion.api.ExternalDataUsage;
import com.bakeryia.orchestrator.client.ServiceCallException;
import com.bakeryia.orchestrator.client.ServiceClient;
import com.bakeryia.orchestrator.registry.ServiceEndpoint;
import com.bakeryia.orchestrator.registry.ServiceRegistry;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks every enabled service, in parallel, what erasing a tenant would delete, and adds it up. A
 * service that does not answer is listed as {@code unavailable} with its error, and the result is
 * marked {@code partial}.
 */
public class DeletionPreviews {

    private static final Logger log = LoggerFactory.getLogger(DeletionPreviews.class);

    private final ServiceRegistry registry;
    private final ServiceClient client;

    DeletionPreviews(ServiceRegistry registry, ServiceClient client) {
        this.registry = registry;
        this.client = client;
    }

    /** The aggregated preview of the tenant. */
    public TenantPreview preview(UUID tenantId) throws InterruptedException {
        List<ServiceEndpoint> services = registry.steps();
        List<Callable<ServicePreview>> calls = new ArrayList<>();
        for (ServiceEndpoint service : services) {
            calls.add(() -> previewOf(service, tenantId));
        }
        List<Future<ServicePreview>> results;
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            results = executor.invokeAll(calls);
        }
        Map<String, ServicePreview> byService = new LinkedHashMap<>();
        long total = 0;
        boolean partial = false;
        for (int i = 0; i < services.size(); i++) {
            ServicePreview preview;
            try {
                preview = results.get(i).get();
            } catch (ExecutionException ex) {
                log.error(
                        "Preview of tenant {} by {} failed",
                        tenantId,
                        services.get(i).name(),
                        ex.getCause());
                preview = ServicePreview.unavailable(services.get(i).name() + ": the preview failed (internal error)");
            }
            byService.put(services.get(i).name(), preview);
            total += preview.total() != null ? preview.total() : 0;
            partial |= !ServicePreview.OK.equals(preview.status());
        }
        return new TenantPreview(tenantId, byService, total, partial);
    }

    private ServicePreview previewOf(ServiceEndpoint service, UUID tenantId) {
        try {
            DeletionPreview answer = client.preview(service, tenantId);
            return new ServicePreview(
                    ServicePreview.OK, answer.counts(), answer.retained(), answer.external(), answer.total(), null);
        } catch (ServiceCallException ex) {
            if (ex.getCause() instanceof IOException) {
                // An I/O error's message names the service's URL: the log has it, the answer does not.
                log.warn("Preview of tenant {} by {} failed: {}", tenantId, service.name(), ex.getMessage());
                return ServicePreview.unavailable(service.name() + ": no answer (connection failed or timed out)");
            }
            return ServicePreview.unavailable(ex.getMessage());
        } catch (CallNotPermittedException ex) {
            return ServicePreview.unavailable(service.name() + ": circuit breaker open, calls not permitted");
        } catch (BulkheadFullException ex) {
            return ServicePreview.unavailable(service.name() + ": too many concurrent calls (bulkhead full)");
        }
    }

    /**
     * The preview over all services.
     *
     * @param total rows over the services that answered
     * @param partial whether a service did not answer, so {@code total} is a lower bound
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record TenantPreview(UUID tenantId, Map<String, ServicePreview> services, long total, boolean partial) {}

    /**
     * One service's preview.
     *
     * @param status {@code ok} or {@code unavailable}
     * @param error why it is unavailable
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ServicePreview(
            String status,
            @Nullable Map<String, Long> counts,
            @Nullable Map<String, String> retained,
            @Nullable Map<String, ExternalDataUsage> external,
            @Nullable Long total,
            @Nullable String error) {

        static final String OK = "ok";
        static final String UNAVAILABLE = "unavailable";

        static ServicePreview unavailable(@Nullable String error) {
            return new ServicePreview(UNAVAILABLE, null, null, null, null, error);
        }
    }
}
