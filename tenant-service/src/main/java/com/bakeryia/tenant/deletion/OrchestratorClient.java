package com.bakeryia.tenant.deletion;

import com.bakeryia.fleet.token.ServiceTokenIssuer;
import com.bakeryia.fleet.token.ServiceTokenScopes;
import com.bakeryia.fleet.web.CanonicalUuidConverter;
import com.bakeryia.tenant.deletion.DeletionOutbox.OutboxEntry;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
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
 * Calls orchestrator-service's job API with a fresh service token per call, signed by
 * tenant-service's own key (audience orchestrator-service, bound to the tenant and the job; scope
 * {@value ServiceTokenScopes#DELETION_JOBS_WRITE} to create and cancel, {@value
 * ServiceTokenScopes#DELETION_JOBS_READ} to read), with the connect and read timeouts of {@link
 * TenantDeletionProperties}. Callers never call it inside a database transaction: a call may take
 * as long as its timeouts, and its answer may be lost.
 */
@Component
class OrchestratorClient {

    static final String ORCHESTRATOR_SERVICE = "orchestrator-service";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JOB_PATH = "/api/v1/deletion-jobs/{jobId}";
    private static final String RECEIPT_KEYS_PATH = "/.well-known/receipt-jwks.json";

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
     * @return the job the orchestrator holds for the tenant: the request's, or a job already active
     *     for the tenant
     * @throws OrchestratorCallException when the orchestrator is unreachable or did not create the
     *     job; {@link OrchestratorCallException#possiblyDelivered()} says whether it may have anyway
     */
    HeldJob createJob(OutboxEntry entry) {
        var body = new JobRequest(entry.tenantId(), entry.requestedBy(), entry.reason(), entry.notBefore());
        try {
            return http.put()
                    .uri(JOB_PATH, entry.jobId())
                    .header(
                            HttpHeaders.AUTHORIZATION,
                            bearer(ServiceTokenScopes.DELETION_JOBS_WRITE, entry.tenantId(), entry.jobId()))
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(body)
                    .exchange((request, response) -> {
                        HttpStatusCode status = response.getStatusCode();
                        if (status.value() != HttpStatus.OK.value() && status.value() != HttpStatus.CREATED.value()) {
                            throw new OrchestratorCallException(
                                    "PUT /api/v1/deletion-jobs/" + entry.jobId() + " answered " + status.value() + ": "
                                            + excerpt(response.bodyTo(String.class)),
                                    false);
                        }
                        JsonNode job = response.bodyTo(JsonNode.class);
                        String jobId = job == null ? null : job.path("job_id").asText(null);
                        String jobStatus =
                                job == null ? null : job.path("status").asText(null);
                        return new HeldJob(
                                CanonicalUuidConverter.parse(jobId).orElse(entry.jobId()),
                                JobStatus.parse(jobStatus).orElse(null));
                    });
        } catch (RestClientException e) {
            throw new OrchestratorCallException(
                    "PUT job " + entry.jobId() + " failed: " + e.getMessage(), e, mayHaveArrived(e));
        }
    }

    /**
     * Reads the job ({@code GET /api/v1/deletion-jobs/{jobId}}, scope {@value
     * ServiceTokenScopes#DELETION_JOBS_READ}).
     *
     * @return its status; empty when the orchestrator has no such job (404)
     * @throws OrchestratorCallException when the orchestrator is unreachable or answers otherwise
     */
    Optional<JobStatus> readJob(UUID jobId, UUID tenantId) {
        return readJobView(jobId, tenantId).map(job -> {
            String jobStatus = job.path("status").asText(null);
            return JobStatus.parse(jobStatus)
                    .orElseThrow(() -> new OrchestratorCallException(
                            "GET job " + jobId + " answered an unknown status: " + jobStatus));
        });
    }

    /**
     * Reads the job's JSON as the orchestrator answers it (docs/contracts.md, "Job").
     *
     * @return the job; empty when the orchestrator has no such job (404)
     * @throws OrchestratorCallException when the orchestrator is unreachable or answers otherwise
     */
    Optional<JsonNode> readJobView(UUID jobId, UUID tenantId) {
        return readJson(JOB_PATH, jobId, tenantId, "GET job " + jobId);
    }

    /**
     * Reads the receipt of a COMPLETED job ({@code GET /api/v1/deletion-jobs/{jobId}/receipt}, scope
     * {@value ServiceTokenScopes#DELETION_JOBS_READ}).
     *
     * @return the orchestrator's answer (job_id, type, receipt, jwks_uri); empty when it has no such
     *     job (404)
     * @throws OrchestratorCallException when the orchestrator is unreachable or answers otherwise
     *     (409 while the job is not COMPLETED)
     */
    Optional<JsonNode> readReceipt(UUID jobId, UUID tenantId) {
        return readJson(JOB_PATH + "/receipt", jobId, tenantId, "GET receipt of job " + jobId);
    }

    /** The orchestrator's public receipt keys ({@code /.well-known/receipt-jwks.json}). */
    JsonNode receiptKeys() {
        try {
            JsonNode keys = http.get().uri(RECEIPT_KEYS_PATH).retrieve().body(JsonNode.class);
            if (keys == null) {
                throw new OrchestratorCallException("GET " + RECEIPT_KEYS_PATH + " answered no body");
            }
            return keys;
        } catch (RestClientException e) {
            throw new OrchestratorCallException("GET " + RECEIPT_KEYS_PATH + " failed: " + e.getMessage(), e);
        }
    }

    private Optional<JsonNode> readJson(String path, UUID jobId, UUID tenantId, String what) {
        try {
            return http.get()
                    .uri(path, jobId)
                    .header(HttpHeaders.AUTHORIZATION, bearer(ServiceTokenScopes.DELETION_JOBS_READ, tenantId, jobId))
                    .exchange((request, response) -> {
                        int status = response.getStatusCode().value();
                        if (status == HttpStatus.NOT_FOUND.value()) {
                            return Optional.<JsonNode>empty();
                        }
                        if (status != HttpStatus.OK.value()) {
                            throw new OrchestratorCallException(
                                    what + " answered " + status + ": " + excerpt(response.bodyTo(String.class)));
                        }
                        JsonNode body = response.bodyTo(JsonNode.class);
                        if (body == null) {
                            throw new OrchestratorCallException(what + " answered no body");
                        }
                        return Optional.of(body);
                    });
        } catch (RestClientException e) {
            throw new OrchestratorCallException(what + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Cancels a job that has not started ({@code POST /api/v1/deletion-jobs/{jobId}/cancel}).
     *
     * @throws OrchestratorCallException when the orchestrator is unreachable or answers otherwise
     */
    CancelAnswer cancelJob(UUID jobId, UUID tenantId) {
        try {
            return http.post()
                    .uri(JOB_PATH + "/cancel", jobId)
                    .header(HttpHeaders.AUTHORIZATION, bearer(ServiceTokenScopes.DELETION_JOBS_WRITE, tenantId, jobId))
                    .exchange((request, response) -> {
                        int status = response.getStatusCode().value();
                        if (status == HttpStatus.OK.value()) {
                            return new CancelAnswer(CancelOutcome.CANCELLED, null);
                        }
                        if (status == HttpStatus.CONFLICT.value()) {
                            return new CancelAnswer(
                                    CancelOutcome.ALREADY_STARTED, detail(response.bodyTo(String.class)));
                        }
                        if (status == HttpStatus.NOT_FOUND.value()) {
                            return new CancelAnswer(CancelOutcome.UNKNOWN_JOB, null);
                        }
                        throw new OrchestratorCallException("POST cancel of job " + jobId + " answered " + status + ": "
                                + excerpt(response.bodyTo(String.class)));
                    });
        } catch (RestClientException e) {
            throw new OrchestratorCallException("POST cancel of job " + jobId + " failed: " + e.getMessage(), e);
        }
    }

    private String bearer(String scope, UUID tenantId, UUID jobId) {
        return "Bearer " + tokens.issue(ORCHESTRATOR_SERVICE, scope, tenantId, jobId);
    }

    /**
     * Whether a failed call may still have reached the orchestrator: not when the connection was
     * never made (refused, or its connect timeout), otherwise yes (a read timeout or a dropped
     * connection after the request went out).
     */
    private static boolean mayHaveArrived(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException) {
                return false;
            }
        }
        return true;
    }

    /** The {@code detail} of a problem answer, if it has one. */
    private static @Nullable String detail(@Nullable String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            String detail = JSON.readTree(body).path("detail").asText(null);
            return detail == null ? null : excerpt(detail);
        } catch (JsonProcessingException e) {
            return excerpt(body);
        }
    }

    private static String excerpt(@Nullable String body) {
        if (body == null) {
            return "(no body)";
        }
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }

    /** A job's status at the orchestrator (its {@code DeletionJobView.status}). */
    enum JobStatus {
        PENDING,
        IN_PROGRESS,
        RETRYING,
        COMPLETED,
        FAILED,
        CANCELLED;

        static Optional<JobStatus> parse(@Nullable String status) {
            if (status == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(valueOf(status.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }

    /**
     * The job the orchestrator holds for a request.
     *
     * @param jobId its id
     * @param status its status as answered, if the answer had a known one
     */
    record HeldJob(UUID jobId, @Nullable JobStatus status) {}

    /**
     * The orchestrator's answer to a cancel.
     *
     * @param outcome what it did
     * @param detail its problem detail, for a refusal
     */
    record CancelAnswer(CancelOutcome outcome, @Nullable String detail) {}

    /** What the orchestrator said to a cancel. */
    enum CancelOutcome {
        /** The job was pending and is now cancelled. */
        CANCELLED,
        /** The job has started or finished (409 {@code job-not-cancellable}): past the point of no return. */
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

        private final boolean possiblyDelivered;

        OrchestratorCallException(String message) {
            this(message, true);
        }

        OrchestratorCallException(String message, boolean possiblyDelivered) {
            super(message);
            this.possiblyDelivered = possiblyDelivered;
        }

        OrchestratorCallException(String message, Throwable cause) {
            this(message, cause, true);
        }

        OrchestratorCallException(String message, Throwable cause, boolean possiblyDelivered) {
            super(message, cause);
            this.possiblyDelivered = possiblyDelivered;
        }

        /**
         * Whether the request may have reached the orchestrator and been acted on although no
         * answer said so (a timeout, a dropped connection); false when it surely was not (the
         * connection was refused, or the orchestrator answered with a refusal).
         */
        boolean possiblyDelivered() {
            return possiblyDelivered;
        }
    }
}
