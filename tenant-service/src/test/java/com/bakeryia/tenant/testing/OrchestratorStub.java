package com.bakeryia.tenant.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A stand-in orchestrator over real HTTP on 127.0.0.1 (WireMock): it creates jobs ({@code PUT
 * /api/v1/deletion-jobs/{id}}, 201 echoing the id), cancels them (200), answers reads of a job
 * ({@code GET}, 200 PENDING unless told otherwise), records what it was sent, and can be taken down
 * and brought back on the same port. A {@linkplain #probe(Consumer) probe} runs while a request
 * waits for its answer, to look at the database as the caller left it during the call.
 */
public final class OrchestratorStub {

    private static final String JOB = "/api/v1/deletion-jobs/([0-9a-f-]{36})";
    private static final String JOB_JSON = """
            {"job_id":"{{request.pathSegments.[3]}}","status":"%s","steps":[],\
            "links":{"self":"/api/v1/deletion-jobs/{{request.pathSegments.[3]}}"}}""";

    private final int port;
    private WireMockServer server;
    private volatile @Nullable Consumer<LoggedRequest> probe;

    private OrchestratorStub() {
        this.server = started(0, this);
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
            server = started(port, this);
        }
        probe = null;
        server.resetAll();
        defaultAnswers(server);
    }

    /** Stops answering: connections are refused. */
    public synchronized void down() {
        server.stop();
    }

    /** Answers again, on the same port, with a fresh journal. */
    public synchronized void up() {
        server = started(port, this);
    }

    /**
     * Runs the probe on every request received, before it is answered (while the caller waits for
     * the answer); {@link #reset()} removes it.
     */
    public void probe(Consumer<LoggedRequest> probe) {
        this.probe = probe;
    }

    /** Answers reads of the job with the status. */
    public synchronized void answerJob(UUID jobId, String status) {
        server.stubFor(jobAnswer(get(urlPathEqualTo("/api/v1/deletion-jobs/" + jobId)), 200, status)
                .atPriority(1));
    }

    /** Answers reads of the job with this JSON (the orchestrator's whole job view). */
    public synchronized void answerJobJson(UUID jobId, String json) {
        server.stubFor(get(urlPathEqualTo("/api/v1/deletion-jobs/" + jobId))
                .atPriority(1)
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(json)));
    }

    /** Answers reads of the job's receipt with this receipt JWS, and the receipt keys with these JWKS. */
    public synchronized void answerReceipt(UUID jobId, String jws, String jwks) {
        server.stubFor(get(urlPathEqualTo("/api/v1/deletion-jobs/" + jobId + "/receipt"))
                .atPriority(1)
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"job_id\":\"" + jobId + "\",\"type\":\"deletion-receipt+jwt\",\"receipt\":\"" + jws
                                + "\",\"jwks_uri\":\"/.well-known/receipt-jwks.json\"}")));
        server.stubFor(get(urlPathEqualTo("/.well-known/receipt-jwks.json"))
                .atPriority(1)
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(jwks)));
    }

    /** Answers the tenant's export with these bytes (application/zip). */
    public synchronized void answerExport(UUID tenantId, byte[] archive) {
        server.stubFor(get(urlPathEqualTo("/api/v1/tenants/" + tenantId + "/export"))
                .atPriority(1)
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/zip")
                        .withBody(archive)));
    }

    /** Answers the tenant's export with a problem. */
    public synchronized void refuseExport(UUID tenantId, int status, String problemSlug) {
        server.stubFor(get(urlPathEqualTo("/api/v1/tenants/" + tenantId + "/export"))
                .atPriority(1)
                .willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"type\":\"urn:bakery-ia:problem:" + problemSlug + "\",\"status\":" + status
                                + ",\"detail\":\"refused by the stub\"}")));
    }

    /** Starts the tenant's export, then drops the connection in the middle of the body. */
    public synchronized void cutExportShort(UUID tenantId) {
        server.stubFor(get(urlPathEqualTo("/api/v1/tenants/" + tenantId + "/export"))
                .atPriority(1)
                .willReturn(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE)));
    }

    /** The requests for the tenant's export. */
    public synchronized List<LoggedRequest> exportsOf(UUID tenantId) {
        return server.findAll(getRequestedFor(urlPathEqualTo("/api/v1/tenants/" + tenantId + "/export")));
    }

    /** The reads of the job's receipt. */
    public synchronized List<LoggedRequest> receiptReadsOf(UUID jobId) {
        return server.findAll(getRequestedFor(urlPathEqualTo("/api/v1/deletion-jobs/" + jobId + "/receipt")));
    }

    /** Answers reads of the job slowly, with the status. */
    public synchronized void answerJobSlowly(UUID jobId, String status, Duration delay) {
        server.stubFor(get(urlPathEqualTo("/api/v1/deletion-jobs/" + jobId))
                .atPriority(1)
                .willReturn(aResponse()
                        .withStatus(200)
                        .withFixedDelay((int) delay.toMillis())
                        .withHeader("Content-Type", "application/json")
                        .withBody(JOB_JSON.formatted(status))
                        .withTransformers("response-template")));
    }

    /** Answers reads and cancels of the job with 404 {@code job-not-found}, as for a job it does not have. */
    public synchronized void forgetJob(UUID jobId) {
        for (MappingBuilder request : List.of(
                get(urlPathEqualTo("/api/v1/deletion-jobs/" + jobId)),
                post(urlPathEqualTo("/api/v1/deletion-jobs/" + jobId + "/cancel")))) {
            server.stubFor(request.atPriority(1)
                    .willReturn(aResponse()
                            .withStatus(404)
                            .withHeader("Content-Type", "application/problem+json")
                            .withBody("{\"type\":\"urn:bakery-ia:problem:job-not-found\",\"status\":404}")));
        }
    }

    /**
     * Cancels the job when asked, but the connection drops before the answer; from then on the job
     * reads as CANCELLED.
     */
    public synchronized void loseTheCancelAnswer(UUID jobId) {
        String scenario = "cancel-" + jobId;
        server.stubFor(post(urlPathEqualTo("/api/v1/deletion-jobs/" + jobId + "/cancel"))
                .atPriority(1)
                .inScenario(scenario)
                .willSetStateTo("CANCELLED")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        server.stubFor(jobAnswer(get(urlPathEqualTo("/api/v1/deletion-jobs/" + jobId)), 200, "CANCELLED")
                .atPriority(1)
                .inScenario(scenario)
                .whenScenarioStateIs("CANCELLED"));
        server.stubFor(jobAnswer(get(urlPathEqualTo("/api/v1/deletion-jobs/" + jobId)), 200, "PENDING")
                .atPriority(2)
                .inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED));
    }

    /** Answers every cancel with 503, as an orchestrator that cannot reach its database. */
    public synchronized void failCancels() {
        server.stubFor(post(urlPathMatching(JOB + "/cancel"))
                .atPriority(1)
                .willReturn(aResponse()
                        .withStatus(503)
                        .withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"status\":503}")));
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
                        .withBody("{\"type\":\"urn:bakery-ia:problem:job-not-cancellable\",\"status\":409,"
                                + "\"detail\":\"orders-service began erasing\"}")));
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

    /** Reads of the job received. */
    public synchronized List<LoggedRequest> readsOf(UUID jobId) {
        return server.findAll(getRequestedFor(urlPathEqualTo("/api/v1/deletion-jobs/" + jobId)));
    }

    /** Cancels received. */
    public synchronized List<LoggedRequest> cancels() {
        return server.findAll(postRequestedFor(urlPathMatching(JOB + "/cancel")));
    }

    private static WireMockServer started(int port, OrchestratorStub stub) {
        var options = (port == 0 ? options().dynamicPort() : options().port(port))
                .bindAddress("127.0.0.1")
                .extensions(new Probe(stub));
        WireMockServer server = new WireMockServer(options);
        server.start();
        defaultAnswers(server);
        return server;
    }

    private static void defaultAnswers(WireMockServer server) {
        server.stubFor(jobAnswer(put(urlPathMatching(JOB)), 201, "PENDING"));
        server.stubFor(jobAnswer(post(urlPathMatching(JOB + "/cancel")), 200, "CANCELLED"));
        server.stubFor(jobAnswer(get(urlPathMatching(JOB)), 200, "PENDING"));
    }

    private static MappingBuilder jobAnswer(MappingBuilder request, int status, String jobStatus) {
        return request.atPriority(5)
                .willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", "application/json")
                        .withBody(JOB_JSON.formatted(jobStatus))
                        .withTransformers("response-template"));
    }

    /** Runs the stub's probe before each answer. */
    private static final class Probe implements ServeEventListener {

        private final OrchestratorStub stub;

        Probe(OrchestratorStub stub) {
            this.stub = stub;
        }

        @Override
        public void beforeMatch(ServeEvent serveEvent, Parameters parameters) {
            Consumer<LoggedRequest> current = stub.probe;
            if (current != null) {
                current.accept(serveEvent.getRequest());
            }
        }

        @Override
        public String getName() {
            return "tenant-service-test-probe";
        }
    }
}
