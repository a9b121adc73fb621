package com.bakeryia.tenant.deletion;

import com.bakeryia.fleet.token.ServiceTokenIssuer;
import com.bakeryia.fleet.token.ServiceTokenScopes;
import com.bakeryia.fleet.web.CanonicalUuidConverter;
import com.bakeryia.tenant.deletion.DeletionOutbox.OutboxEntry;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Calls orchestrator-service's job API with service tokens signed by tenant-service's own key
 * (audience orchestrator-service, scope {@value ServiceTokenScopes#DELETION_JOBS_WRITE}, bound to
 * the tenant and the job), with the connect and read timeouts of {@link TenantDeletionProperties}.
 */
@Component
class OrchestratorClient {

    static final String ORCHESTRATOR_SERVICE = "orchestrator-service";
    private static final String JOB_PATH = "/api/v1/deletion-jobs/{jobId}";

    private final RestClient http;
    private final ServiceTokenIssuer tokens;

    OrchestratorClient(RestClient.Builder builder, TenantDeletionProperties properties, ServiceTokenIssuer tokens) {
        JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.connectTimeout())
                .build());
        requestFactory.setReadTimeout(properties.readTimeout());
        this.http = builder.baseUrl(properties.orchestratorUrl().toString())
                .requestFactory(requestFactory)
                .build();
        this.tokens = tokens;
    }

    /**
     * Creates the job of a request ({@code PUT /api/v1/deletion-jobs/{jobId}}), idempotently.
     *
     * @return the id of the job the orchestrator holds for the tenant: the request's, or that of a job
     *     already active for the tenant
     * @throws OrchestratorCallException when the orchestrator is unreachable or did not create the job
     */
    UUID createJob(OutboxEntry entry) {
        var body = new JobRequest(entry.tenantId(), entry.requestedBy(), entry.reason(), entry.notBefore());
        try {
            return http.put()
                    .uri(JOB_PATH, entry.jobId())
                    .header(HttpHeaders.AUTHORIZATION, bearer(entry.tenantId(), entry.jobId()))
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(body)
                    .exchange((request, response) -> {
                        HttpStatusCode status = response.getStatusCode();
                        if (status.value() != HttpStatus.OK.value() && status.value() != HttpStatus.CREATED.value()) {
                            throw new OrchestratorCallException("PUT /api/v1/deletion-jobs/" + entry.jobId()
                                    + " answered " + status.value() + ": " + excerpt(response.bodyTo(String.class)));
                        }
                        JsonNode job = response.bodyTo(JsonNode.class);
                        String jobId = job == null ? null : job.path("job_id").asText(null);
                        return CanonicalUuidConverter.parse(jobId).orElse(entry.jobId());
                    });
        } catch (RestClientException e) {
            throw new OrchestratorCallException("PUT job " + entry.jobId() + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Cancels a job that has not started ({@code POST /api/v1/deletion-jobs/{jobId}/cancel}).
     *
     * @throws OrchestratorCallException when the orchestrator is unreachable or answers otherwise
     */
    CancelOutcome cancelJob(UUID jobId, UUID tenantId) {
        try {
            return http.post()
                    .uri(JOB_PATH + "/cancel", jobId)
                    .header(HttpHeaders.AUTHORIZATION, bearer(tenantId, jobId))
                    .exchange((request, response) -> {
                        int status = response.getStatusCode().value();
                        if (status == HttpStatus.OK.value()) {
                            return CancelOutcome.CANCELLED;
                        }
                        if (status == HttpStatus.CONFLICT.value()) {
                            return CancelOutcome.ALREADY_STARTED;
                        }
                        if (status == HttpStatus.NOT_FOUND.value()) {
                            return CancelOutcome.UNKNOWN_JOB;
                        }
                        throw new OrchestratorCallException("POST cancel of job " + jobId + " answered " + status + ": "
                                + excerpt(response.bodyTo(String.class)));
                    });
        } catch (RestClientException e) {
            throw new OrchestratorCallException("POST cancel of job " + jobId + " failed: " + e.getMessage(), e);
        }
    }

    private String bearer(UUID tenantId, UUID jobId) {
        return "Bearer " + tokens.issue(ORCHESTRATOR_SERVICE, ServiceTokenScopes.DELETION_JOBS_WRITE, tenantId, jobId);
    }

    private static String excerpt(@Nullable String body) {
        if (body == null) {
            return "(no body)";
        }
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }

    /** What the orchestrator said to a cancel. */
    enum CancelOutcome {
        /** The job was pending and is now cancelled. */
        CANCELLED,
        /** The job has started or finished (409). */
        ALREADY_STARTED,
        /** The orchestrator has no such job (404): nothing will erase the tenant. */
        UNKNOWN_JOB
    }

    /** The body of {@code PUT /api/v1/deletion-jobs/{jobId}}, as docs/contracts.md defines it. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record JobRequest(
            UUID tenantId, String requestedBy, @Nullable String reason, Instant notBefore) {}

    /** A call to the orchestrator that did not do what was asked. */
    static final class OrchestratorCallException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        OrchestratorCallException(String message) {
            super(message);
        }

        OrchestratorCallException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
