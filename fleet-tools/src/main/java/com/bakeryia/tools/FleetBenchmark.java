package com.bakeryia.tools;

import com.bakeryia.testkit.postgres.TestDatabase;
import com.bakeryia.testkit.postgres.TestPostgres;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code scripts/bench fleet}: the whole fleet as processes on a fresh database, with neighbour
 * tenants of the same size present. Measures a tenant's erasure through the public API (owner's
 * DELETE until the job is COMPLETED, verification included) against the same rows erased by plain
 * SQL, the fan-out overhead of an empty tenant, the aggregated preview, and how time grows with
 * the tenant's size. Prints Markdown tables; run by hand, never in CI.
 */
public final class FleetBenchmark {

    private final FleetSettings settings;
    private final FleetDatabase database;
    private final FleetApi api;
    private final Tokens tokens;
    private final TenantSeeder seeder;
    private final PlainSqlEraser plainSql;
    private final String ops;
    private long seeds = 1000;

    private FleetBenchmark(FleetSettings settings, FleetDatabase database) {
        this.settings = settings;
        this.database = database;
        this.api = new FleetApi(settings);
        this.tokens = new Tokens(settings);
        this.seeder = new TenantSeeder(database, settings, 2);
        this.plainSql = new PlainSqlEraser(database, settings);
        this.ops = tokens.ops();
    }

    public static void main(String[] args) {
        long rows = 500_000;
        int neighbours = 19;
        int rounds = 3;
        int samples = 20;
        List<Long> scaling = List.of(50_000L, 2_000_000L);
        for (int i = 0; i < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--rows" -> rows = Long.parseLong(value);
                case "--neighbours" -> neighbours = Integer.parseInt(value);
                case "--rounds" -> rounds = Integer.parseInt(value);
                case "--samples" -> samples = Integer.parseInt(value);
                case "--scaling" ->
                    scaling = value.isBlank()
                            ? List.of()
                            : java.util.Arrays.stream(value.split(","))
                                    .map(Long::parseLong)
                                    .toList();
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        TestDatabase db = TestPostgres.server().createDatabase();
        var settings = FleetSettings.forBenchmark("bench-fleet", 20_000, db);
        var processes = new FleetProcesses(settings, Map.of());
        try (var database = new FleetDatabase(settings, 4)) {
            processes.down();
            log("fleet: "
                    + processes
                            .up()
                            .lines()
                            .filter(l -> l.startsWith("ready") || l.startsWith("total"))
                            .toList());
            new FleetBenchmark(settings, database).run(rows, neighbours, rounds, samples, scaling);
            System.out.printf("%nThe fleet after the run (resident memory):%n%n```%n%s```%n", processes.status());
        } finally {
            processes.down();
            db.close();
        }
    }

    private void run(long rows, int neighbours, int rounds, int samples, List<Long> scaling) {
        log("database %s; seeding %d neighbour tenants of %,d rows", settings.dbUrl(), neighbours, rows);
        for (int i = 0; i < neighbours; i++) {
            long started = System.nanoTime();
            seedTenant(rows, i);
            log("  neighbour %d/%d seeded in %.1f s", i + 1, neighbours, (System.nanoTime() - started) / 1e9);
        }

        System.out.printf(
                "%n## Erasing a %,d-row tenant: public API vs plain SQL (%d neighbours of the same size)%n%n",
                rows, neighbours);
        System.out.println("| round | API: DELETE to COMPLETED | job's own time | plain SQL | ratio |");
        System.out.println("|---|---|---|---|---|");
        List<Double> apiTimes = new ArrayList<>();
        List<Double> plainTimes = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        UUID previewTenant = null;
        for (int round = 1; round <= rounds; round++) {
            Seeded viaApi = seedTenant(rows, 7);
            Seeded viaSql = seedTenant(rows, 7);
            if (previewTenant == null) {
                previewTenant = seedTenant(rows, 7).tenant();
            }
            settle();
            double apiMs;
            double sqlMs;
            Erasure erasure;
            if (round % 2 == 1) {
                erasure = eraseThroughApi(viaApi);
                settle();
                sqlMs = eraseByPlainSql(viaSql);
            } else {
                sqlMs = eraseByPlainSql(viaSql);
                settle();
                erasure = eraseThroughApi(viaApi);
            }
            apiMs = erasure.clientMs();
            apiTimes.add(apiMs);
            plainTimes.add(sqlMs);
            ratios.add(apiMs / sqlMs);
            System.out.printf(
                    "| %d | %,.0f ms | %,.0f ms | %,.0f ms | %.2f |%n",
                    round, apiMs, erasure.jobMs(), sqlMs, apiMs / sqlMs);
        }
        System.out.printf(
                "| **median** | **%,.0f ms** | | **%,.0f ms** | **%.2f** |%n",
                median(apiTimes), median(plainTimes), median(ratios));

        System.out.printf("%n## Aggregated preview of the %,d-row tenant, %d calls%n%n", rows, samples);
        List<Double> previews = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            long started = System.nanoTime();
            JsonNode preview = api.preview(ops, previewTenant);
            previews.add((System.nanoTime() - started) / 1e6);
            if (preview.path("partial").asBoolean() || preview.path("total").asLong() < rows) {
                throw new IllegalStateException("preview incomplete: " + preview);
            }
        }
        System.out.printf("median %.0f ms (min %.0f, max %.0f)%n", median(previews), min(previews), max(previews));

        System.out.printf("%n## Fan-out overhead: a tenant without rows, DELETE to COMPLETED, %d times%n%n", samples);
        List<Double> empties = new ArrayList<>();
        List<Double> emptyJobs = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            Seeded empty = seedTenant(0, 0);
            Erasure erasure = eraseThroughApi(empty);
            empties.add(erasure.clientMs());
            emptyJobs.add(erasure.jobMs());
        }
        System.out.printf(
                "median %.0f ms (min %.0f, max %.0f); the job's own time (created to finished) median %.0f ms%n",
                median(empties), min(empties), max(empties), median(emptyJobs));

        System.out.printf("%n## How time grows with the tenant's size%n%n");
        System.out.println("| rows | API: DELETE to COMPLETED | plain SQL | ratio |");
        System.out.println("|---|---|---|---|");
        List<Long> sizes = new ArrayList<>(scaling);
        sizes.add(rows);
        sizes.sort(Long::compare);
        for (long size : sizes) {
            double apiMs;
            double sqlMs;
            if (size == rows) {
                apiMs = median(apiTimes);
                sqlMs = median(plainTimes);
            } else {
                Seeded viaApi = seedTenant(size, 7);
                Seeded viaSql = seedTenant(size, 7);
                settle();
                apiMs = eraseThroughApi(viaApi).clientMs();
                settle();
                sqlMs = eraseByPlainSql(viaSql);
            }
            System.out.printf("| %,d | %,.0f ms | %,.0f ms | %.2f |%n", size, apiMs, sqlMs, apiMs / sqlMs);
        }
    }

    private record Seeded(UUID tenant, String ownerToken, long rows) {}

    private record Erasure(double clientMs, double jobMs) {}

    private Seeded seedTenant(long rows, long seed) {
        UUID owner = UUID.randomUUID();
        String token = tokens.user(owner);
        UUID tenant = api.createTenant(token, "Bench bakery " + (seeds++));
        seeder.seed(tenant, rows, seed);
        return new Seeded(tenant, token, rows);
    }

    private Erasure eraseThroughApi(Seeded seeded) {
        long started = System.nanoTime();
        UUID job = api.deleteTenant(seeded.ownerToken(), seeded.tenant());
        JsonNode done = api.awaitFinal(ops, job, Duration.ofMinutes(30), Duration.ofMillis(20), node -> {});
        double clientMs = (System.nanoTime() - started) / 1e6;
        if (!done.path("status").asText().equals("COMPLETED")
                || !database.residue(seeded.tenant()).isEmpty()) {
            throw new IllegalStateException("erasure through the API did not complete cleanly: " + done);
        }
        double jobMs = Duration.between(
                                OffsetDateTime.parse(done.path("created_at").asText()),
                                OffsetDateTime.parse(done.path("finished_at").asText()))
                        .toNanos()
                / 1e6;
        return new Erasure(clientMs, jobMs);
    }

    private double eraseByPlainSql(Seeded seeded) {
        long started = System.nanoTime();
        long deleted = plainSql.erase(seeded.tenant());
        double ms = (System.nanoTime() - started) / 1e6;
        if (deleted < seeded.rows()
                || !database.residue(seeded.tenant()).entrySet().stream()
                        .allMatch(e -> e.getKey().startsWith("tenant."))) {
            throw new IllegalStateException("plain SQL left rows of " + seeded.tenant());
        }
        return ms;
    }

    /** Same starting point for every measurement: statistics fresh, dead rows vacuumed, dirty pages written. */
    private void settle() {
        database.jdbc().sql("VACUUM ANALYZE").update();
        database.jdbc().sql("CHECKPOINT").update();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    private static void log(String format, Object... args) {
        System.err.printf(format + "%n", args);
    }
}
