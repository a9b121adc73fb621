package com.bakeryia.tenant.export;

import com.bakeryia.fleet.token.ServiceTokenIssuer;
import com.bakeryia.fleet.token.ServiceTokenScopes;
import com.bakeryia.fleet.web.FleetProblem;
import com.bakeryia.fleet.web.FleetProblemException;
import com.bakeryia.tenant.deletion.TenantDeletionProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Opens the orchestrator's export of a tenant ({@code GET /api/v1/tenants/{tenantId}/export}, a
 * service token of tenant-service with scope {@value ServiceTokenScopes#TENANT_DATA_EXPORT} bound
 * to the tenant) as a stream. {@link java.net.HttpURLConnection} (through Spring's simple request
 * factory) rather than the JDK HttpClient: its read timeout applies to every read of the body, so
 * an orchestrator that stops sending in the middle of an archive cuts the download short instead of
 * hanging it.
 */
@Component
class OrchestratorExports {

    static final String ORCHESTRATOR_SERVICE = "orchestrator-service";
    private static final Logger log = LoggerFactory.getLogger(OrchestratorExports.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
    private final URI orchestratorUrl;
    private final ServiceTokenIssuer tokens;

    OrchestratorExports(TenantDeletionProperties deletion, TenantExportProperties exports, ServiceTokenIssuer tokens) {
        requests.setConnectTimeout(deletion.connectTimeout());
        requests.setReadTimeout(exports.readTimeout());
        this.orchestratorUrl = deletion.orchestratorUrl();
        this.tokens = tokens;
    }

    /**
     * Opens the tenant's archive; the caller reads and closes it.
     *
     * @throws FleetProblemException before any byte when the orchestrator refuses (409 {@code
     *     tenant-erasure-begun}), a service cannot export now (503 {@code tenant-data-unavailable})
     *     or the orchestrator cannot be reached (503 {@code orchestrator-unavailable})
     */
    ClientHttpResponse open(UUID tenantId) {
        URI uri = UriComponentsBuilder.fromUri(orchestratorUrl)
                .path("/api/v1/tenants/{tenantId}/export")
                .buildAndExpand(tenantId)
                .toUri();
        ClientHttpResponse response;
        try {
            ClientHttpRequest request = requests.createRequest(uri, HttpMethod.GET);
            request.getHeaders()
                    .setBearerAuth(
                            tokens.issue(ORCHESTRATOR_SERVICE, ServiceTokenScopes.TENANT_DATA_EXPORT, tenantId, null));
            response = request.execute();
            int status = response.getStatusCode().value();
            if (status == 200) {
                return response;
            }
            String detail = detail(response);
            response.close();
            log.warn("Export of tenant {}: the orchestrator answered {}: {}", tenantId, status, detail);
            if (status == 409) {
                throw new FleetProblemException(
                        FleetProblem.TENANT_ERASURE_BEGUN,
                        "The erasure of tenant " + tenantId + " has begun: its data can no longer be exported");
            }
            throw new FleetProblemException(
                    FleetProblem.TENANT_DATA_UNAVAILABLE,
                    "The tenant's data cannot be exported right now (a service is busy or unreachable); nothing was"
                            + " sent, try again in a minute");
        } catch (IOException e) {
            log.warn("Export of tenant {}: the orchestrator could not be reached: {}", tenantId, e.getMessage());
            throw new FleetProblemException(
                    FleetProblem.ORCHESTRATOR_UNAVAILABLE,
                    "The export could not be started now (nothing was sent); try again in a minute");
        }
    }

    private static String detail(ClientHttpResponse response) {
        try (InputStream body = response.getBody()) {
            String text = new String(body.readNBytes(4096), StandardCharsets.UTF_8);
            JsonNode problem = JSON.readTree(text);
            return problem.path("detail").asText(text);
        } catch (IOException | RuntimeException e) {
            return "(no readable body)";
        }
    }
}
