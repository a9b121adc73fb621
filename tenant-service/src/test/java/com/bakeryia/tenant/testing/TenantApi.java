package com.bakeryia.tenant.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Calls tenant-service over real HTTP, as a user or service would. */
public final class TenantApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final int port;

    public TenantApi(int port) {
        this.port = port;
    }

    /** Sends a request; {@code token} null sends none, {@code json} null sends no body. */
    public Response call(String method, String path, @Nullable String token, @Nullable String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends a request as the user. */
    public Response as(UUID user, String method, String path, @Nullable String json) {
        return call(method, path, TestFleet.userToken(user), json);
    }

    /** Creates a tenant owned by the user and returns its id. */
    public UUID createTenant(UUID owner, String name) {
        Response created = as(owner, "POST", "/api/v1/tenants", "{\"name\":\"" + name + "\"}");
        if (created.status() != 201) {
            throw new IllegalStateException("Creating tenant failed: " + created);
        }
        return UUID.fromString(created.json().get("tenant_id").asText());
    }

    /** Adds a member with the role, as the caller (owner or admin): invites the user, who accepts. */
    public void addMember(UUID caller, UUID tenant, UUID user, String role) {
        accept(user, invite(caller, tenant, user, role));
    }

    /** Invites the user with the role, as the caller (owner or admin); returns the invitation id. */
    public UUID invite(UUID caller, UUID tenant, UUID user, String role) {
        Response invited = as(
                caller,
                "POST",
                "/api/v1/tenants/" + tenant + "/members",
                "{\"user_id\":\"" + user + "\",\"role\":\"" + role + "\"}");
        if (invited.status() != 202) {
            throw new IllegalStateException("Inviting a member failed: " + invited);
        }
        return UUID.fromString(invited.json().get("invitation_id").asText());
    }

    /** Offers the tenant's ownership to a member, as the owner; returns the invitation id. */
    public UUID offerOwnership(UUID owner, UUID tenant, UUID newOwner) {
        Response offered = as(
                owner,
                "POST",
                "/api/v1/tenants/" + tenant + "/transfer-ownership",
                "{\"new_owner_id\":\"" + newOwner + "\"}");
        if (offered.status() != 202) {
            throw new IllegalStateException("Offering ownership failed: " + offered);
        }
        return UUID.fromString(offered.json().get("invitation_id").asText());
    }

    /** Accepts the invitation as the invited user. */
    public void accept(UUID user, UUID invitation) {
        Response accepted = as(user, "POST", "/api/v1/tenants/invitations/" + invitation + "/accept", null);
        if (accepted.status() != 200) {
            throw new IllegalStateException("Accepting an invitation failed: " + accepted);
        }
    }

    /** A response. */
    public record Response(int status, String body, HttpResponse<String> raw) {

        /** The body as JSON (a missing node when empty). */
        public JsonNode json() {
            if (body.isEmpty()) {
                return MissingNode.getInstance();
            }
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("Not JSON: " + body, e);
            }
        }

        /** A header. */
        public Optional<String> header(String name) {
            return raw.headers().firstValue(name);
        }

        /** The problem's type, for a problem+json answer. */
        public String problemType() {
            return json().path("type").asText();
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
