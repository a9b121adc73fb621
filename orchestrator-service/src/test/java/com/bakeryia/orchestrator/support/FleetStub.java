package com.bakeryia.orchestrator.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.jspecify.annotations.Nullable;

/**
 * Stands in for all thirteen services of the fleet over real HTTP (one MockWebServer, routed by
 * the path segment): by default every deletion succeeds and verifies, every preview answers. A
 * test scripts the replies of one service for one tenant ({@link #script}); every call is recorded
 * with its token's claims and timing, and a call that overlaps another for the same tenant and
 * service is counted ({@link #overlappingCalls()}).
 */
public final class FleetStub implements AutoCloseable {

    private static final Pattern PATH =
            Pattern.compile("/api/v1/([a-z-]+)/tenant/([0-9a-fA-F-]{36})(/deletion-preview|/export)?");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MockWebServer server = new MockWebServer();
    private final Map<String, Deque<Reply>> scripts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Queue<Call> calls = new ConcurrentLinkedQueue<>();
    private final AtomicInteger overlapping = new AtomicInteger();
    private volatile Duration defaultDelay = Duration.ZERO;
    private volatile Duration defaultJitter = Duration.ZERO;

    /** Starts the stub on 127.0.0.1. */
    public static FleetStub start() {
        FleetStub stub = new FleetStub();
        stub.server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                return stub.answer(request);
            }
        });
        try {
            stub.server.start(InetAddress.getLoopbackAddress(), 0);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return stub;
    }

    /** The base URL every service of the registry points at. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getPort();
    }

    /** How a scripted call is answered. */
    public sealed interface Reply {}

    /** A verified success, after a delay. */
    public record Success(Duration delay) implements Reply {}

    /** An HTTP status with a problem body. */
    public record Status(int status) implements Reply {}

    /** The connection is closed after the request, without any answer (an I/O error for the caller). */
    public record Drop() implements Reply {}

    /** Success claimed, but rows of the tenant remain. */
    public record RowsRemain() implements Reply {}

    /** An export whose export.json counts one row more than its table entry holds. */
    public record ExportCountsWrong() implements Reply {}

    /** An export refused because the tenant's erasure has begun in the service (409 tenant-erasure-begun). */
    public record ExportErasureBegun() implements Reply {}

    /** An export whose archive stops in the middle of its table entry (no export.json). */
    public record ExportCutShort() implements Reply {}

    /** An HTTP status with a problem body and a {@code Retry-After} in seconds. */
    public record StatusRetryAfter(int status, long retryAfterSeconds) implements Reply {}

    /**
     * A verified success of a run after an earlier run of the job erased everything: the job's
     * cumulative counts (its ledger's) are the usual ones, this run's are zeros.
     */
    public record Resumed() implements Reply {}

    /** A verified success for a tenant another job had already erased (fenced) here. */
    public record AlreadyErased(UUID earlierJobId, Instant fencedAt) implements Reply {}

    /** A verified success. */
    public static Reply success() {
        return new Success(Duration.ZERO);
    }

    /** A verified success after the delay. */
    public static Reply success(Duration delay) {
        return new Success(delay);
    }

    /** An answer with that status. */
    public static Reply status(int status) {
        return new Status(status);
    }

    /** A dropped connection. */
    public static Reply drop() {
        return new Drop();
    }

    /** A success that lists rows still present. */
    public static Reply rowsRemain() {
        return new RowsRemain();
    }

    /** An answer with that status and a {@code Retry-After}. */
    public static Reply statusRetryAfter(int status, Duration retryAfter) {
        return new StatusRetryAfter(status, retryAfter.toSeconds());
    }

    /** A success whose cumulative counts are the usual ones and whose run's counts are zeros. */
    public static Reply resumed() {
        return new Resumed();
    }

    /** A success with zero counts and {@code erased_before} naming the earlier job. */
    public static Reply alreadyErased(UUID earlierJobId, Instant fencedAt) {
        return new AlreadyErased(earlierJobId, fencedAt);
    }

    /** The next calls of the service for the tenant get these replies, in order; later calls the default. */
    public void script(String service, UUID tenantId, Reply... replies) {
        scripts.computeIfAbsent(key(service, tenantId), k -> new ArrayDeque<>()).addAll(List.of(replies));
    }

    /** Replaces the remaining script of the service for the tenant, e.g. to bring a service back. */
    public void clearScript(String service, UUID tenantId) {
        scripts.remove(key(service, tenantId));
    }

    /** Every unscripted call waits {@code delay} plus up to {@code jitter}. */
    public void defaultDelay(Duration delay, Duration jitter) {
        this.defaultDelay = delay;
        this.defaultJitter = jitter;
    }

    /** Every call so far. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The DELETE calls of the tenant, in arrival order. */
    public List<Call> deletions(UUID tenantId) {
        return calls.stream()
                .filter(c -> c.method().equals("DELETE") && c.tenantId().equals(tenantId))
                .toList();
    }

    /** The DELETE calls of the tenant to the service. */
    public List<Call> deletions(UUID tenantId, String service) {
        return deletions(tenantId).stream()
                .filter(c -> c.service().equals(service))
                .toList();
    }

    /** Calls that arrived while another call for the same tenant and service was in flight. */
    public int overlappingCalls() {
        return overlapping.get();
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
    }

    private MockResponse answer(RecordedRequest request) throws InterruptedException {
        Matcher path = PATH.matcher(String.valueOf(request.getPath()));
        if (!path.matches()) {
            return new MockResponse().setResponseCode(404);
        }
        String service = path.group(1) + "-service";
        UUID tenantId = UUID.fromString(path.group(2));
        boolean preview = "/deletion-preview".equals(path.group(3));
        boolean export = "/export".equals(path.group(3));
        String method = String.valueOf(request.getMethod());
        Instant started = Instant.now();
        String key = key(service, tenantId) + (preview ? "/preview" : export ? "/export" : "");
        AtomicInteger concurrent = inFlight.computeIfAbsent(key, k -> new AtomicInteger());
        if (concurrent.incrementAndGet() > 1) {
            overlapping.incrementAndGet();
        }
        Reply reply = null;
        try {
            Deque<Reply> script = scripts.get(key(service, tenantId));
            if (script != null) {
                synchronized (script) {
                    reply = script.poll();
                }
            }
            if (reply == null) {
                long jitter =
                        defaultJitter.isZero() ? 0 : ThreadLocalRandom.current().nextLong(defaultJitter.toMillis() + 1);
                reply = new Success(defaultDelay.plusMillis(jitter));
            }
            if (reply instanceof Success success && !success.delay().isZero()) {
                Thread.sleep(success.delay().toMillis());
            }
            return export ? exportResponse(reply, service, tenantId) : response(reply, service, tenantId, preview);
        } finally {
            concurrent.decrementAndGet();
            calls.add(new Call(
                    method,
                    service,
                    tenantId,
                    token(request.getHeader("Authorization")),
                    claims(request.getHeader("Authorization")),
                    started,
                    Instant.now(),
                    reply != null ? reply.getClass().getSimpleName() : "none"));
        }
    }

    private static MockResponse response(Reply reply, String service, UUID tenantId, boolean preview) {
        if (reply instanceof Drop) {
            return new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST);
        }
        if (reply instanceof Status status) {
            return json(
                    status.status(),
                    "{\"type\":\"about:blank\",\"title\":\"stub\",\"status\":" + status.status()
                            + ",\"detail\":\"scripted " + status.status() + " from " + service + "\"}");
        }
        if (reply instanceof StatusRetryAfter status) {
            return json(
                            status.status(),
                            "{\"type\":\"about:blank\",\"title\":\"stub\",\"status\":" + status.status()
                                    + ",\"detail\":\"scripted " + status.status() + " from " + service + "\"}")
                    .setHeader("Retry-After", String.valueOf(status.retryAfterSeconds()));
        }
        String table = service.replace("-service", "").replace('-', '_') + "_rows";
        if (preview) {
            return json(
                    200,
                    "{\"tenant_id\":\"" + tenantId + "\",\"service_name\":\"" + service + "\",\"counts\":{\"" + table
                            + "\":3},\"retained\":{},\"external\":{},\"total\":3}");
        }
        boolean rowsRemain = reply instanceof RowsRemain;
        boolean alreadyErased = reply instanceof AlreadyErased;
        String counts = alreadyErased
                ? "{\"" + table + "_items\":0,\"" + table + "\":0}"
                : "{\"" + table + "_items\":2,\"" + table + "\":1}";
        String runCounts =
                reply instanceof Resumed || alreadyErased ? "{\"" + table + "_items\":0,\"" + table + "\":0}" : counts;
        String erasedBefore = reply instanceof AlreadyErased earlier
                ? "{\"job_id\":\"" + earlier.earlierJobId() + "\",\"fenced_at\":\"" + earlier.fencedAt() + "\"}"
                : "null";
        return json(
                200,
                "{\"tenant_id\":\"" + tenantId + "\",\"service_name\":\"" + service
                        + "\",\"success\":true,\"deleted_counts\":" + counts + ",\"run_deleted_counts\":" + runCounts
                        + ",\"erased_before\":" + erasedBefore + ",\"errors\":[],\"verified\":"
                        + !rowsRemain + ",\"duration_ms\":1,\"remaining_counts\":"
                        + (rowsRemain ? "{\"" + table + "\":2}" : "{}") + ",\"external_deleted\":{}}");
    }

    /**
     * The export of a stubbed service: {@code <table>.ndjson} with three rows of the tenant, {@code
     * files/notes/readme.txt}, then {@code export.json}.
     */
    public static byte[] exportArchive(String service, UUID tenantId, long declaredRows, boolean complete) {
        String table = service.replace("-service", "").replace('-', '_') + "_rows";
        var bytes = new java.io.ByteArrayOutputStream();
        try (var zip = new java.util.zip.ZipOutputStream(bytes)) {
            zip.putNextEntry(new java.util.zip.ZipEntry(table + ".ndjson"));
            for (int row = 1; row <= 3; row++) {
                zip.write(("{\"id\":" + row + ",\"tenant_id\":\"" + tenantId + "\",\"note\":\"a\\\\b \\\"q\\\"\"}\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            zip.closeEntry();
            if (!complete) {
                zip.flush();
                return java.util.Arrays.copyOf(bytes.toByteArray(), bytes.size());
            }
            zip.putNextEntry(new java.util.zip.ZipEntry("files/notes/readme.txt"));
            zip.write(("notes of " + service).getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new java.util.zip.ZipEntry("export.json"));
            zip.write(("{\"service\":\"" + service + "\",\"schema\":\"" + table + "\",\"tenant_id\":\"" + tenantId
                            + "\",\"snapshot_at\":\"2026-12-04T00:00:00Z\",\"format\":\"ndjson\",\"tables\":{\""
                            + table + "\":" + declaredRows + "},\"files\":{\"files/notes/readme.txt\":"
                            + ("notes of " + service).length() + "}}")
                    .getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }

    private static MockResponse exportResponse(Reply reply, String service, UUID tenantId) {
        if (reply instanceof Status status) {
            return json(status.status(), "{\"type\":\"about:blank\",\"status\":" + status.status() + "}");
        }
        if (reply instanceof ExportErasureBegun) {
            return json(409, "{\"type\":\"urn:bakery-ia:problem:tenant-erasure-begun\",\"status\":409}");
        }
        if (reply instanceof Drop) {
            return new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST);
        }
        byte[] archive = exportArchive(
                service, tenantId, reply instanceof ExportCountsWrong ? 4 : 3, !(reply instanceof ExportCutShort));
        return new MockResponse()
                .setResponseCode(200)
                .setHeader("Content-Type", "application/zip")
                .setBody(new okio.Buffer().write(archive));
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse()
                .setResponseCode(status)
                .setHeader("Content-Type", status == 200 ? "application/json" : "application/problem+json")
                .setBody(body);
    }

    private static String token(@Nullable String authorization) {
        return authorization != null && authorization.startsWith("Bearer ")
                ? authorization.substring("Bearer ".length())
                : "";
    }

    private static JsonNode claims(@Nullable String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return JSON.createObjectNode();
        }
        String[] parts = authorization.substring("Bearer ".length()).split("\\.");
        try {
            return JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException ex) {
            return JSON.createObjectNode();
        }
    }

    private static String key(String service, UUID tenantId) {
        return service + "/" + tenantId;
    }

    /**
     * One call the stub received.
     *
     * @param token its bearer token
     * @param claims the token's payload (not verified here)
     * @param reply the kind of reply it got
     */
    public record Call(
            String method,
            String service,
            UUID tenantId,
            String token,
            JsonNode claims,
            Instant started,
            Instant finished,
            String reply) {}
}
