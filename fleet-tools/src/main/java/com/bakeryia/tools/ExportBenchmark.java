package com.bakeryia.tools;

import com.bakeryia.testkit.postgres.TestDatabase;
import com.bakeryia.testkit.postgres.TestPostgres;
import com.bakeryia.tools.ExportVerifier.VerifiedExport;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code scripts/bench export}: the whole fleet as processes on a fresh database; a tenant of
 * {@code --rows} rows exported through the public API: the owner's {@code POST
 * /api/v1/tenants/{id}/exports} and the full download of its ZIP (bytes counted and discarded), each
 * service's heap sampled meanwhile. The first download (a warm-up, not counted) is saved and checked
 * with {@link ExportVerifier}, its per-table counts against the orchestrator's aggregated preview.
 * Baseline: the same rows as {@code COPY ... TO STDOUT} through psql, schema after schema, to
 * /dev/null. Each JVM's CPU time over the rounds says where the time goes. Prints Markdown; run by
 * hand, never in CI.
 */
public final class ExportBenchmark {

    private static final Pattern HEAP_USED =
            Pattern.compile("^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} ([0-9.eE+-]+)$", Pattern.MULTILINE);
    private static final Pattern LIVE_DATA =
            Pattern.compile("^jvm_gc_live_data_size_bytes(?:\\{[^}]*})? ([0-9.eE+-]+)$", Pattern.MULTILINE);
    private static final Pattern XMX = Pattern.compile("-Xmx(\\d+)([kmgKMG]?)");
    private static final Pattern DB_URL = Pattern.compile("jdbc:postgresql://([^:/]+)(?::(\\d+))?/([^?]+).*");

    private final FleetSettings settings;
    private final FleetDatabase database;
    private final FleetApi api;
    private final Tokens tokens;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private ExportBenchmark(FleetSettings settings, FleetDatabase database) {
        this.settings = settings;
        this.database = database;
        this.api = new FleetApi(settings);
        this.tokens = new Tokens(settings);
    }

    public static void main(String[] args) throws Exception {
        long rows = 500_000;
        int rounds = 3;
        int sampleMs = 1000;
        for (int i = 0; i < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--rows" -> rows = Long.parseLong(value);
                case "--rounds" -> rounds = Integer.parseInt(value);
                case "--sample-ms" -> sampleMs = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        TestDatabase db = TestPostgres.server().createDatabase();
        var settings = FleetSettings.forBenchmark("bench-export", 20_300, db);
        var processes = new FleetProcesses(settings, Map.of());
        try (var database = new FleetDatabase(settings, 4)) {
            processes.down();
            long started = System.nanoTime();
            processes.up();
            log(
                    "fleet up in %.0f s (ports +%d, %s, database %s)",
                    (System.nanoTime() - started) / 1e9, settings.portOffset(), settings.fleetHome(), db.name());
            new ExportBenchmark(settings, database).run(rows, rounds, sampleMs);
            System.out.printf("%nThe fleet after the run (resident memory):%n%n```%n%s```%n", processes.status());
        } finally {
            processes.down();
            db.close();
        }
    }

    private void run(long rows, int rounds, int sampleMs) throws Exception {
        UUID owner = UUID.randomUUID();
        String ownerToken = tokens.user(owner);
        UUID tenant = api.createTenant(ownerToken, "Export bench bakery");
        long seedStarted = System.nanoTime();
        Map<String, Long> seeded = new TenantSeeder(database, settings, 2).seed(tenant, rows, 7);
        log(
                "tenant %s seeded with %,d rows in %.1f s: %s",
                tenant,
                seeded.values().stream().mapToLong(Long::longValue).sum(),
                (System.nanoTime() - seedStarted) / 1e9,
                seeded);
        database.jdbc().sql("VACUUM ANALYZE").update();
        database.jdbc().sql("CHECKPOINT").update();

        Path saved = settings.fleetHome().resolve("export-" + tenant + ".zip");
        Path jwks = settings.fleetHome().resolve("receipt-jwks.json");
        Files.writeString(
                jwks,
                api.send("GET", api.orchestratorUrl("/.well-known/receipt-jwks.json"), null, null)
                        .raw());

        Download warmUp = export(tenant, ownerToken, saved);
        log("warm-up export: %,.0f ms, %,d bytes, saved to %s", warmUp.ms(), warmUp.bytes(), saved);
        long verifyStarted = System.nanoTime();
        VerifiedExport verified = ExportVerifier.verify(saved, Files.readString(jwks));
        double verifyMs = (System.nanoTime() - verifyStarted) / 1e6;
        String previewCheck = compareWithPreview(verified, api.preview(tokens.ops(), tenant));

        System.out.printf("%n## Exporting a %,d-row tenant: owner's POST + full download%n%n", rows);
        System.out.println("| round | POST to last byte | bytes (ZIP) | MB/s |");
        System.out.println("|---|---|---|---|");
        List<Double> times = new ArrayList<>();
        HeapSampler heaps = new HeapSampler(sampleMs);
        Map<String, Double> cpuBefore = cpuSeconds();
        Thread sampler = Thread.ofPlatform().daemon().name("heap-sampler").start(heaps);
        long bytes = 0;
        try {
            for (int round = 1; round <= rounds; round++) {
                Download download = export(tenant, ownerToken, null);
                times.add(download.ms());
                bytes = download.bytes();
                System.out.printf(
                        "| %d | %,.0f ms | %,d | %.1f |%n",
                        round, download.ms(), download.bytes(), download.bytes() / 1e6 / (download.ms() / 1e3));
            }
        } finally {
            heaps.stop.set(true);
            sampler.join();
        }
        Map<String, Double> cpuAfter = cpuSeconds();
        System.out.printf("| **median** | **%,.0f ms** | %,d | |%n", median(times), bytes);
        System.out.printf("%nWarm-up download (saved to disk, not counted): %,.0f ms.%n", warmUp.ms());
        System.out.printf(
                "ExportVerifier on the saved archive: VALID in %,.0f ms: %d services, %,d rows, %d entries, %,d bytes"
                        + " uncompressed (%.1f x the ZIP); %s%n",
                verifyMs,
                verified.services().size(),
                verified.totalRows(),
                verified.entries(),
                verified.bytes(),
                (double) verified.bytes() / warmUp.bytes(),
                previewCheck);

        System.out.printf(
                "%n## Heap used during the %d rounds (sampled every %d ms, %d samples)%n%n",
                rounds, sampleMs, heaps.samples);
        System.out.println(
                "| service | -Xmx | max heap used | max live data after a major GC (0: none) |" + " CPU per export |");
        System.out.println("|---|---|---|---|---|");
        for (FleetService service : FleetService.ALL) {
            Double before = cpuBefore.get(service.name());
            Double after = cpuAfter.get(service.name());
            String cpu = before == null || after == null ? "?" : String.format("%.1f s", (after - before) / rounds);
            System.out.printf(
                    "| %s | %s | %s | %s | %s |%n",
                    service.name(),
                    mb(xmx(service)),
                    mb(heaps.maxUsed.getOrDefault(service.name(), -1L)),
                    mb(heaps.maxLive.getOrDefault(service.name(), -1L)),
                    cpu);
        }
        System.out.println("\nCPU per export: each JVM's user + system time over the rounds (/proc), divided by the"
                + " rounds; the heap sampler's scrapes are included, PostgreSQL's backends are not.");

        System.out.printf("%n## Baseline: the same rows by COPY ... TO STDOUT through psql, schema after schema,"
                + " to /dev/null%n%n");
        System.out.println("| round | COPY (SELECT row_to_json(t) ...) | COPY table (text) |");
        System.out.println("|---|---|---|");
        List<Double> json = new ArrayList<>();
        List<Double> text = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            json.add(copyThroughPsql(tenant, true));
            text.add(copyThroughPsql(tenant, false));
            System.out.printf("| %d | %,.0f ms | %,.0f ms |%n", round, json.getLast(), text.getLast());
        }
        System.out.printf("| **median** | **%,.0f ms** | **%,.0f ms** |%n", median(json), median(text));
        System.out.printf("%nExport median / row_to_json COPY median: %.2f%n", median(times) / median(json));
    }

    private record Download(double ms, long bytes) {}

    /** The owner's POST and the download of its ZIP, to {@code file} or counted and discarded when null. */
    private Download export(UUID tenant, String ownerToken, Path file) throws IOException, InterruptedException {
        long started = System.nanoTime();
        JsonNode export = api.send("POST", api.tenantUrl("/api/v1/tenants/" + tenant + "/exports"), ownerToken, null)
                .expect(202, "POST export of " + tenant);
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(api.tenantUrl(export.path("download_url").asText())))
                .timeout(Duration.ofMinutes(10))
                .header("Authorization", "Bearer " + ownerToken)
                .GET()
                .build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        long bytes = 0;
        try (InputStream body = response.body();
                OutputStream out = file == null ? OutputStream.nullOutputStream() : Files.newOutputStream(file)) {
            if (response.statusCode() != 200) {
                throw new IllegalStateException("download answered " + response.statusCode() + ": "
                        + new String(body.readNBytes(4096), StandardCharsets.UTF_8));
            }
            byte[] buffer = new byte[64 * 1024];
            int read;
            while ((read = body.read(buffer)) != -1) {
                out.write(buffer, 0, read);
                bytes += read;
            }
        }
        return new Download((System.nanoTime() - started) / 1e6, bytes);
    }

    /** The archive's per-table counts against the preview's, service by service. */
    private static String compareWithPreview(VerifiedExport verified, JsonNode preview) {
        if (preview.path("partial").asBoolean()) {
            throw new IllegalStateException("the preview is partial: " + preview.toPrettyString());
        }
        Map<String, Map<String, Long>> previewed = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> service : preview.path("services").properties()) {
            Map<String, Long> counts = new LinkedHashMap<>();
            service.getValue().path("counts").properties().forEach(count -> {
                String table = count.getKey().substring(count.getKey().lastIndexOf('.') + 1);
                counts.put(table, count.getValue().asLong());
            });
            previewed.put(service.getKey(), counts);
        }
        long previewTotal = preview.path("total").asLong();
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, Map<String, Long>> service : previewed.entrySet()) {
            Map<String, Long> exported = verified.tables().get(service.getKey());
            if (exported == null) {
                differences.add(service.getKey() + " is not in the archive");
                continue;
            }
            Map<String, Long> nonEmpty = new LinkedHashMap<>(exported);
            nonEmpty.values().removeIf(rows -> rows == 0);
            Map<String, Long> previewNonEmpty = new LinkedHashMap<>(service.getValue());
            previewNonEmpty.values().removeIf(rows -> rows == 0);
            if (!nonEmpty.equals(previewNonEmpty)) {
                differences.add(service.getKey() + ": archive " + nonEmpty + " vs preview " + previewNonEmpty);
            }
        }
        verified.tables().keySet().stream()
                .filter(service -> !previewed.containsKey(service))
                .forEach(service -> differences.add(service + " is in the archive, not in the preview"));
        if (!differences.isEmpty()) {
            throw new IllegalStateException("the archive's counts differ from the preview's: " + differences);
        }
        return String.format(
                "per-table counts equal to the aggregated preview's (%d services, preview total %,d)",
                previewed.size(), previewTotal);
    }

    /** One psql, one COPY per tenant table of every schema with tenant data, in sequence, output to /dev/null. */
    private double copyThroughPsql(UUID tenant, boolean asJson) throws IOException, InterruptedException {
        StringBuilder script = new StringBuilder("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY;\n");
        for (FleetService service : FleetService.WITH_TENANT_DATA) {
            String schema = service.schema();
            for (String table : database.inspector(schema).tenantTablesChildrenFirst()) {
                if (FleetDatabase.RETAINED_TABLES.contains(table)) {
                    continue;
                }
                String rows = schema + "." + table + " t WHERE t.tenant_id = '" + tenant + "'";
                script.append(
                        asJson
                                ? "COPY (SELECT row_to_json(t) FROM " + rows + ") TO STDOUT;\n"
                                : "COPY (SELECT * FROM " + rows + ") TO STDOUT;\n");
            }
        }
        script.append("COMMIT;\n");
        Matcher url = DB_URL.matcher(settings.dbUrl());
        if (!url.matches()) {
            throw new IllegalStateException("cannot read host, port and database of " + settings.dbUrl());
        }
        Path file = Files.createTempFile("bench-export-copy", ".sql");
        Files.writeString(file, script);
        try {
            ProcessBuilder psql = new ProcessBuilder(
                            "psql",
                            "-X",
                            "-q",
                            "-v",
                            "ON_ERROR_STOP=1",
                            "-h",
                            url.group(1),
                            "-p",
                            url.group(2) == null ? "5432" : url.group(2),
                            "-U",
                            settings.dbUser(),
                            "-d",
                            url.group(3),
                            "-f",
                            file.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            if (!settings.dbPassword().isEmpty()) {
                psql.environment().put("PGPASSWORD", settings.dbPassword());
            }
            long started = System.nanoTime();
            int exit = psql.start().waitFor();
            double ms = (System.nanoTime() - started) / 1e6;
            if (exit != 0) {
                throw new IllegalStateException("psql exited " + exit);
            }
            return ms;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The -Xmx of the service's JVM (its command line), or -1. */
    private long xmx(FleetService service) {
        String pid = javaPid(service);
        if (pid == null) {
            return -1;
        }
        try {
            Matcher matcher =
                    XMX.matcher(Files.readString(Path.of("/proc", pid, "cmdline"), StandardCharsets.ISO_8859_1));
            if (!matcher.find()) {
                return -1;
            }
            long size = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2).toLowerCase()) {
                case "k" -> size << 10;
                case "m" -> size << 20;
                case "g" -> size << 30;
                default -> size;
            };
        } catch (IOException e) {
            return -1;
        }
    }

    /** Every service's JVM's CPU time so far (user + system), in seconds; a service not found is left out. */
    private Map<String, Double> cpuSeconds() {
        Map<String, Double> cpu = new LinkedHashMap<>();
        for (FleetService service : FleetService.ALL) {
            String pid = javaPid(service);
            if (pid != null) {
                double seconds = ProcessCpu.seconds(pid);
                if (seconds >= 0) {
                    cpu.put(service.name(), seconds);
                }
            }
        }
        return cpu;
    }

    /** The pid of the service's JVM: the pid file of scripts/fleet, or a child of it, whose command is java. */
    private String javaPid(FleetService service) {
        try {
            String pid = Files.readString(settings.fleetHome().resolve("run/" + service.name() + ".pid"))
                    .strip();
            for (String candidate : processAndChildren(pid)) {
                Path cmdline = Path.of("/proc", candidate, "cmdline");
                if (Files.isReadable(cmdline)
                        && Files.readString(cmdline, StandardCharsets.ISO_8859_1)
                                .contains("-Xmx")) {
                    return candidate;
                }
            }
        } catch (IOException | UncheckedIOException e) {
            return null;
        }
        return null;
    }

    private static List<String> processAndChildren(String pid) throws IOException {
        List<String> pids = new ArrayList<>(List.of(pid));
        Path children = Path.of("/proc", pid, "task", pid, "children");
        if (Files.isReadable(children)) {
            for (String child : Files.readString(children).trim().split("\\s+")) {
                if (!child.isEmpty()) {
                    pids.addAll(processAndChildren(child));
                }
            }
        }
        return pids;
    }

    /** Polls every service's {@code /actuator/prometheus}: heap used (all heap pools) and live data after GC. */
    private final class HeapSampler implements Runnable {

        final int intervalMs;
        final AtomicBoolean stop = new AtomicBoolean();
        final Map<String, Long> maxUsed = new ConcurrentHashMap<>();
        final Map<String, Long> maxLive = new ConcurrentHashMap<>();
        volatile int samples;

        HeapSampler(int intervalMs) {
            this.intervalMs = intervalMs;
        }

        @Override
        public void run() {
            while (!stop.get()) {
                long started = System.nanoTime();
                for (FleetService service : FleetService.ALL) {
                    sample(service);
                }
                samples++;
                long elapsedMs = (System.nanoTime() - started) / 1_000_000;
                FleetApi.sleep(Duration.ofMillis(Math.max(0, intervalMs - elapsedMs)));
            }
        }

        private void sample(FleetService service) {
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create(api.serviceUrl(service, "/actuator/prometheus")))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    return;
                }
                long used = 0;
                Matcher matcher = HEAP_USED.matcher(response.body());
                while (matcher.find()) {
                    used += (long) Double.parseDouble(matcher.group(1));
                }
                maxUsed.merge(service.name(), used, Math::max);
                Matcher live = LIVE_DATA.matcher(response.body());
                if (live.find()) {
                    maxLive.merge(service.name(), (long) Double.parseDouble(live.group(1)), Math::max);
                }
            } catch (IOException e) {
                // a sample missed; the next one counts
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop.set(true);
            }
        }
    }

    private static String mb(long bytes) {
        return bytes < 0 ? "?" : String.format("%,.0f MB", bytes / 1048576.0);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static void log(String format, Object... args) {
        System.err.printf(format + "%n", args);
    }
}
