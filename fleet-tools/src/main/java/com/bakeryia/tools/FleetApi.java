package com.bakeryia.tools;

import com.bakeryia.deletion.api.DeletionEndpoints;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.springframework.web.util.UriComponentsBuilder;

/** The public HTTP APIs of tenant-service and the orchestrator, as a client of the fleet meets them. */
public final class FleetApi {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final FleetSettings settings;
    /**
     * Reads answers into deletion-api's records as a client should, tolerating properties it does not know: the
     * services also write {@code ExternalDataUsage}'s {@code empty}, which the record does not bind.
     */
    private final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    public FleetApi(FleetSettings settings) {
        this.settings = settings;
    }

    /** The JSON mapper of the answers, for reading them as deletion-api's records. */
    public ObjectMapper json() {
        return json;
    }

    /** Creates a tenant as {@code ownerToken}'s user, who becomes its OWNER; returns its id. */
    public UUID createTenant(String ownerToken, String name) {
        JsonNode tenant = send("POST", tenantUrl("/api/v1/tenants"), ownerToken, Map.of("name", name))
                .expect(201, "creating tenant " + name);
        return UUID.fromString(tenant.path("tenant_id").asText());
    }

    /**
     * Adds a member to a tenant: the owner invites the user, who accepts with their own token (nobody
     * becomes a member without consenting).
     */
    public void addMember(String ownerToken, UUID tenant, UUID user, String userToken, String role) {
        JsonNode invitation = send(
                        "POST",
                        tenantUrl("/api/v1/tenants/" + tenant + "/members"),
                        ownerToken,
                        Map.of("user_id", user.toString(), "role", role))
                .expect(202, "inviting " + user + " to " + tenant);
        String invitationId = invitation.path("invitation_id").asText();
        send("POST", tenantUrl("/api/v1/tenants/invitations/" + invitationId + "/accept"), userToken, null)
                .expect(200, "accepting invitation " + invitationId + " to " + tenant);
    }

    /** The owner's erasure request: {@code DELETE /api/v1/tenants/{id}}. */
    public ApiResponse requestDeletion(@Nullable String token, UUID tenant) {
        return send("DELETE", tenantUrl("/api/v1/tenants/" + tenant), token, null);
    }

    /** Requests the erasure and returns the job id of the 202 answer. */
    public UUID deleteTenant(String ownerToken, UUID tenant) {
        JsonNode accepted = requestDeletion(ownerToken, tenant).expect(202, "DELETE tenant " + tenant);
        return UUID.fromString(accepted.path("job_id").asText());
    }

    public JsonNode job(String opsToken, UUID job) {
        return send("GET", orchestratorUrl("/api/v1/deletion-jobs/" + job), opsToken, null)
                .expect(200, "GET job " + job);
    }

    /** The job, or null while the orchestrator does not know it yet (tenant-service's outbox is delivering it). */
    public @Nullable JsonNode jobIfKnown(String opsToken, UUID job) {
        ApiResponse response = send("GET", orchestratorUrl("/api/v1/deletion-jobs/" + job), opsToken, null);
        return response.status() == 404 ? null : response.expect(200, "GET job " + job);
    }

    public ApiResponse retry(String opsToken, UUID job) {
        return send("POST", orchestratorUrl("/api/v1/deletion-jobs/" + job + "/retry"), opsToken, null);
    }

    public JsonNode preview(String opsToken, UUID tenant) {
        return send("GET", orchestratorUrl("/api/v1/tenants/" + tenant + "/deletion-preview"), opsToken, null)
                .expect(200, "GET deletion preview of " + tenant);
    }

    public JsonNode receipt(String opsToken, UUID job) {
        return send("GET", orchestratorUrl("/api/v1/deletion-jobs/" + job + "/receipt"), opsToken, null)
                .expect(200, "GET receipt of " + job);
    }

    public JsonNode audit(String opsToken, UUID job) {
        return send("GET", orchestratorUrl("/api/v1/deletion-jobs/" + job + "/audit"), opsToken, null)
                .expect(200, "GET audit of " + job);
    }

    /**
     * Polls the job every {@code interval} until {@code done} holds, handing every answer to
     * {@code onPoll}; fails after {@code timeout} naming the job's last state.
     */
    public JsonNode awaitJob(
            String opsToken,
            UUID job,
            Predicate<JsonNode> done,
            Duration timeout,
            Duration interval,
            Consumer<JsonNode> onPoll) {
        Instant deadline = Instant.now().plus(timeout);
        JsonNode last = null;
        while (true) {
            last = jobIfKnown(opsToken, job);
            if (last != null) {
                onPoll.accept(last);
                if (done.test(last)) {
                    return last;
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Job " + job + " not done within " + timeout + "; last state: "
                        + (last == null ? "unknown to the orchestrator" : last.toPrettyString()));
            }
            sleep(interval);
        }
    }

    /** Polls the job every {@code interval} until it is COMPLETED, FAILED or CANCELLED. */
    public JsonNode awaitFinal(
            String opsToken, UUID job, Duration timeout, Duration interval, Consumer<JsonNode> onPoll) {
        return awaitJob(opsToken, job, node -> isFinal(node.path("status").asText()), timeout, interval, onPoll);
    }

    /** Waits for the job to reach {@code status} (failing early on another final status). */
    public JsonNode awaitStatus(String opsToken, UUID job, String status, Duration timeout) {
        JsonNode finished = awaitJob(
                opsToken,
                job,
                node -> isFinal(node.path("status").asText())
                        || node.path("status").asText().equals(status),
                timeout,
                Duration.ofMillis(250),
                node -> {});
        if (!finished.path("status").asText().equals(status)) {
            throw new IllegalStateException("Job " + job + " ended "
                    + finished.path("status").asText() + " instead of " + status + ": " + finished.toPrettyString());
        }
        return finished;
    }

    public static boolean isFinal(String status) {
        return status.equals("COMPLETED") || status.equals("FAILED") || status.equals("CANCELLED");
    }

    public String tenantUrl(String path) {
        return settings.baseUrl(FleetService.TENANT) + path;
    }

    public String orchestratorUrl(String path) {
        return settings.baseUrl(FleetService.ORCHESTRATOR) + path;
    }

    public String serviceUrl(FleetService service, String path) {
        return settings.baseUrl(service) + path;
    }

    /** A service's own delete endpoint for the tenant, the one the orchestrator calls. */
    public String deletionUrl(FleetService service, UUID tenant) {
        return serviceUrl(service, DeletionEndpoints.deletePath(service.name()), tenant);
    }

    /** A service's own deletion preview endpoint for the tenant, the one the orchestrator calls. */
    public String deletionPreviewUrl(FleetService service, UUID tenant) {
        return serviceUrl(service, DeletionEndpoints.previewPath(service.name()), tenant);
    }

    private String serviceUrl(FleetService service, String template, UUID tenant) {
        return UriComponentsBuilder.fromUriString(settings.baseUrl(service))
                .path(template)
                .buildAndExpand(Map.of(DeletionEndpoints.TENANT_ID, tenant))
                .toUriString();
    }

    /** Any call: JSON body when not null, bearer token when not null. */
    public ApiResponse send(String method, String url, @Nullable String token, @Nullable Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(TIMEOUT)
                .header("Accept", "application/json, application/problem+json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new ApiResponse(response.statusCode(), parse(response.body()), response.body(), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + url + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted: " + method + " " + url, e);
        }
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }

    /** A GET whose body is bytes (a ZIP), with the answer's status. */
    public BinaryResponse download(String url, String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofMinutes(5))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new BinaryResponse(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + url + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted: GET " + url, e);
        }
    }

    /** The answer to {@link #download(String, String)}. */
    public record BinaryResponse(int status, byte[] body, java.net.http.HttpHeaders headers) {}

    /** Sleeps, turning an interrupt into an exception (the flag set again). */
    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
