package com.bakeryia.tenant.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.util.List;
import java.util.UUID;

/**
 * A stand-in orchestrator over real HTTP on 127.0.0.1 (WireMock): it creates jobs ({@code PUT
 * /api/v1/deletion-jobs/{id}}, 201 echoing the id) and cancels them (200), records what it was
 * sent, and can be taken down and brought back on the same port.
 */
public final class OrchestratorStub {

    private static final String JOB = "/api/v1/deletion-jobs/([0-9a-f-]{36})";
    private static final String JOB_JSON = """
            {"job_id":"{{request.pathSegments.[3]}}","status":"%s","steps":[],\
            "links":{"self":"/api/v1/deletion-jobs/{{request.pathSegments.[3]}}"}}""";

    private final int port;
    private WireMockServer server;

    private OrchestratorStub() {
        this.server = started(0);
        this.port = server.port();
    }

    /** Starts the stub on a free port. */
    public static OrchestratorStub start() {
        return new OrchestratorStub();
    }

    /** The base URL, as {@code tenant.deletion.orchestrator-url}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Forgets recorded requests and special answers; jobs are created and cancelled again. */
    public synchronized void reset() {
        if (!server.isRunning()) {
            server = started(port);
        }
        server.resetAll();
        defaultAnswers(server);
    }

    /** Stops answering: connections are refused. */
    public synchronized void down() {
        server.stop();
    }

    /** Answers again, on the same port, with a fresh journal. */
    public synchronized void up() {
        server = started(port);
    }

    /** Answers every job creation with another (already active) job of the tenant. */
    public synchronized void answerCreationsWithJob(UUID heldJob) {
        server.stubFor(put(urlPathMatching(JOB))
                .atPriority(1)
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"job_id\":\"" + heldJob + "\",\"status\":\"PENDING\"}")));
    }

    /** Refuses every cancel with 409, as for a job that already started. */
    public synchronized void refuseCancels() {
        server.stubFor(post(urlPathMatching(JOB + "/cancel"))
                .atPriority(1)
                .willReturn(aResponse()
                        .withStatus(409)
                        .withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"status\":409,\"detail\":\"job is IN_PROGRESS\"}")));
    }

    /** Job creations received. */
    public synchronized List<LoggedRequest> creations() {
        return server.findAll(putRequestedFor(urlPathMatching(JOB)));
    }

    /** Job creations received for the job. */
    public synchronized List<LoggedRequest> creationsOf(UUID jobId) {
        return creations().stream()
                .filter(request -> request.getUrl().equals("/api/v1/deletion-jobs/" + jobId))
                .toList();
    }

    /** Job creations received for the tenant. */
    public synchronized List<LoggedRequest> creationsFor(UUID tenantId) {
        return creations().stream()
                .filter(request -> request.getBodyAsString().contains("\"tenant_id\":\"" + tenantId + "\""))
                .toList();
    }

    /** Cancels received. */
    public synchronized List<LoggedRequest> cancels() {
        return server.findAll(postRequestedFor(urlPathMatching(JOB + "/cancel")));
    }

    private static WireMockServer started(int port) {
        WireMockServer server = port == 0
                ? new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort())
                : new WireMockServer(options().bindAddress("127.0.0.1").port(port));
        server.start();
        defaultAnswers(server);
        return server;
    }

    private static void defaultAnswers(WireMockServer server) {
        server.stubFor(jobAnswer(put(urlPathMatching(JOB)), 201, "PENDING"));
        server.stubFor(jobAnswer(post(urlPathMatching(JOB + "/cancel")), 200, "CANCELLED"));
    }

    private static MappingBuilder jobAnswer(MappingBuilder request, int status, String jobStatus) {
        return request.atPriority(5)
                .willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", "application/json")
                        .withBody(JOB_JSON.formatted(jobStatus))
                        .withTransformers("response-template"));
    }
}
