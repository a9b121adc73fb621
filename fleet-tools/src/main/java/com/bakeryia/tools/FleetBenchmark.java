package com.bakeryia.tools;

import com.bakeryia.testkit.postgres.TestDatabase;
import com.bakeryia.testkit.postgres.TestPostgres;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * {@code scripts/bench fleet}: the whole fleet as processes on a fresh database, with neighbour
 * tenants of the same size present. Measures a tenant's erasure through the public API (owner's
 * DELETE until the job is COMPLETED, verification included) against the same rows erased by plain
 * SQL, sequentially on one connection and in parallel on one connection per schema ({@link
 * PlainSqlEraser}), with each API erasure's steps as the orchestrator timed them; the latency of a
 * neighbour's reads while a tenant is erased ({@link BystanderReaders}); the aggregated preview;
 * the fan-out overhead of an empty tenant; and how time and WAL volume grow with the tenant's
 * size. Prints Markdown tables; run by hand, never in CI.
 */
public final class FleetBenchmark {

    /** The benchmark's fleet erases at once: the owner's request is not held for a grace period. */
    private static final Map<String, String> FLEET_ENVIRONMENT = Map.of("TENANT_DELETION_GRACEPERIOD", "PT0S");

    private static final long ROUNDS_SEED = 7;
    private static final double BYSTANDER_P99_TARGET = 3;

    private final FleetSettings settings;
    private final FleetDatabase database;
    private final FleetApi api;
    private final Tokens tokens;
    private final TenantSeeder seeder;
    private final PlainSqlEraser plainSql;
    private final String ops;
    private long seeds = 1000;

    /** How a tenant is erased. */
    private enum Side {
        API,
        SEQUENTIAL,
        PARALLEL
    }

    /**
     * The command line.
     *
     * @param rows the tenant's size in the rounds, the preview and the bystander phase
     * @param neighbours tenants of the same size present throughout
     * @param rounds erasures each way at {@code rows}
     * @param samples previews and empty-tenant erasures
     * @param scaling further sizes, erased once each way
     * @param bystander whether to measure a neighbour's read latency
     * @param bystanderClients the neighbour's readers
     * @param bystanderRate queries per second of each reader
     * @param bystanderIdle how long the readers run with nothing else happening
     */
    record Options(
            long rows,
            int neighbours,
            int rounds,
            int samples,
            List<Long> scaling,
            boolean bystander,
            int bystanderClients,
            int bystanderRate,
            Duration bystanderIdle) {

        static Options parse(String[] args) {
            long rows = 500_000;
            int neighbours = 19;
            int rounds = 5;
            int samples = 20;
            List<Long> scaling = List.of(50_000L, 2_000_000L);
            boolean bystander = true;
            int bystanderClients = 4;
            int bystanderRate = 50;
            int bystanderIdleSeconds = 15;
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("argument " + args[i] + " needs a value");
                }
                String value = args[i + 1];
                switch (args[i]) {
                    case "--rows" -> rows = Long.parseLong(value);
                    case "--neighbours" -> neighbours = Integer.parseInt(value);
                    case "--rounds" -> rounds = Integer.parseInt(value);
                    case "--samples" -> samples = Integer.parseInt(value);
                    case "--scaling" ->
                        scaling = value.isBlank()
                                ? List.of()
                                : Arrays.stream(value.split(","))
                                        .map(Long::parseLong)
                                        .toList();
                    case "--bystander" -> bystander = parseBoolean(args[i], value);
                    case "--bystander-clients" -> bystanderClients = Integer.parseInt(value);
                    case "--bystander-rate" -> bystanderRate = Integer.parseInt(value);
                    case "--bystander-idle-s" -> bystanderIdleSeconds = Integer.parseInt(value);
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
            return new Options(
                    rows,
                    neighbours,
                    rounds,
                    samples,
                    scaling,
                    bystander,
                    bystanderClients,
                    bystanderRate,
                    Duration.ofSeconds(bystanderIdleSeconds));
        }

        private static boolean parseBoolean(String name, String value) {
            return switch (value) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException(name + " takes true or false, not " + value);
            };
        }
    }

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
        Options options = Options.parse(args);
        TestDatabase db = TestPostgres.server().createDatabase();
        var settings = FleetSettings.forBenchmark("bench-fleet", 20_000, db);
        var processes = new FleetProcesses(settings, FLEET_ENVIRONMENT);
        // The parallel baseline's connections, the seeder's and one for the benchmark's own queries.
        try (var database = new FleetDatabase(settings, PlainSqlEraser.PARALLEL_CONNECTIONS + 3)) {
            processes.down();
            log("fleet: "
                    + processes
                            .up()
                            .lines()
                            .filter(l -> l.startsWith("ready") || l.startsWith("total"))
                            .toList());
            new FleetBenchmark(settings, database).run(options);
            System.out.printf("%nThe fleet after the run (resident memory):%n%n```%n%s```%n", processes.status());
        } finally {
            processes.down();
            db.close();
        }
    }

    private void run(Options options) {
        long rows = options.rows();
        log("database %s; seeding %d neighbour tenants of %,d rows", settings.dbUrl(), options.neighbours(), rows);
        List<UUID> neighbours = new ArrayList<>();
        for (int i = 0; i < options.neighbours(); i++) {
            long started = System.nanoTime();
            neighbours.add(seedTenant(rows, i).tenant());
            log("  neighbour %d/%d seeded in %.1f s", i + 1, options.neighbours(), (System.nanoTime() - started) / 1e9);
        }

        List<Map<Side, Erasure>> rounds = rounds(rows, options.neighbours(), options.rounds());
        if (options.bystander()) {
            UUID neighbour = neighbours.isEmpty() ? seedTenant(rows, 1).tenant() : neighbours.getFirst();
            bystander(options, neighbour);
        }
        preview(rows, options.samples());
        emptyTenant(options.samples());
        scaling(rows, options.scaling(), rounds);
    }

    private List<Map<Side, Erasure>> rounds(long rows, int neighbours, int rounds) {
        List<Map<Side, Erasure>> results = new ArrayList<>();
        if (rounds == 0) {
            return results;
        }
        System.out.printf(
                "%n## Erasing a %,d-row tenant: public API vs plain SQL (%d neighbours of the same size)%n%n",
                rows, neighbours);
        System.out.printf(
                "Three tenants of identical shape per round; which goes first rotates. Sequential SQL: one"
                        + " connection, schema after schema; parallel SQL: one connection per schema (%d), all at"
                        + " once, the files removed by several threads meanwhile.%n%n",
                PlainSqlEraser.PARALLEL_CONNECTIONS);
        System.out.println("| round | API DELETE→COMPLETED | job's own time | sequential SQL | parallel SQL"
                + " | API/parallel | API/sequential |");
        System.out.println("|---|---|---|---|---|---|---|");
        Side[] sides = Side.values();
        for (int round = 1; round <= rounds; round++) {
            Map<Side, Seeded> tenants = new EnumMap<>(Side.class);
            for (Side side : sides) {
                tenants.put(side, seedTenant(rows, ROUNDS_SEED));
            }
            Map<Side, Erasure> erasures = new EnumMap<>(Side.class);
            for (int i = 0; i < sides.length; i++) {
                Side side = sides[(round - 1 + i) % sides.length];
                settle();
                erasures.put(side, erase(side, tenants.get(side)));
            }
            results.add(erasures);
            System.out.printf(
                    "| %d | %,.0f ms | %,.0f ms | %,.0f ms | %,.0f ms | %.2f | %.2f |%n",
                    round,
                    erasures.get(Side.API).ms(),
                    erasures.get(Side.API).jobMs(),
                    erasures.get(Side.SEQUENTIAL).ms(),
                    erasures.get(Side.PARALLEL).ms(),
                    ratio(erasures, Side.PARALLEL),
                    ratio(erasures, Side.SEQUENTIAL));
        }
        System.out.printf(
                "| **median** | **%,.0f ms** | **%,.0f ms** | **%,.0f ms** | **%,.0f ms** | **%.2f** | **%.2f** |%n",
                median(results, e -> e.get(Side.API).ms()),
                median(results, e -> e.get(Side.API).jobMs()),
                median(results, e -> e.get(Side.SEQUENTIAL).ms()),
                median(results, e -> e.get(Side.PARALLEL).ms()),
                median(results, e -> ratio(e, Side.PARALLEL)),
                median(results, e -> ratio(e, Side.SEQUENTIAL)));
        System.out.printf(
                "%nFirst round (the services' first big erasure after start-up, API first): API/parallel %.2f.%n",
                ratio(results.getFirst(), Side.PARALLEL));
        printSteps(results.stream().map(e -> e.get(Side.API)).toList());
        return results;
    }

    private static double ratio(Map<Side, Erasure> erasures, Side baseline) {
        return erasures.get(Side.API).ms() / erasures.get(baseline).ms();
    }

    /** Each API erasure's steps, timed from the job's created_at: when each started and finished, and its duration_ms. */
    private static void printSteps(List<Erasure> erasures) {
        Map<String, List<String>> cells = new LinkedHashMap<>();
        for (int round = 0; round < erasures.size(); round++) {
            JsonNode job = erasures.get(round).job();
            Instant created = Instant.parse(job.path("created_at").asText());
            for (JsonNode step : job.path("steps")) {
                List<String> row =
                        cells.computeIfAbsent(step.path("service_name").asText(), s -> new ArrayList<>());
                while (row.size() < round) {
                    row.add("–");
                }
                row.add(String.format(
                        "%s → %s (%s)",
                        offset(created, step.path("started_at")),
                        offset(created, step.path("finished_at")),
                        step.path("duration_ms").isNumber()
                                ? String.format("%,d", step.path("duration_ms").asLong())
                                : "–"));
            }
        }
        System.out.printf("%nThe API erasures' steps, in ms from the job's created_at: step started → finished (its"
                + " duration_ms); the job finished at its own time above.%n%n");
        StringBuilder header = new StringBuilder("| service |");
        StringBuilder rule = new StringBuilder("|---|");
        for (int round = 1; round <= erasures.size(); round++) {
            header.append(" round ").append(round).append(" |");
            rule.append("---|");
        }
        System.out.println(header);
        System.out.println(rule);
        cells.forEach((service, row) -> {
            while (row.size() < erasures.size()) {
                row.add("–");
            }
            System.out.println("| " + service + " | " + String.join(" | ", row) + " |");
        });
    }

    private static String offset(Instant created, JsonNode at) {
        if (at.isMissingNode() || at.isNull()) {
            return "–";
        }
        return String.format(
                "%,d", Duration.between(created, Instant.parse(at.asText())).toMillis());
    }

    private void bystander(Options options, UUID neighbour) {
        var readers = new BystanderReaders(settings, database, options.bystanderClients(), options.bystanderRate());
        System.out.printf(
                "%n## A neighbour's reads while a %,d-row tenant is erased%n%n%d JDBC clients on their own"
                        + " connections, %d queries/s each, cycling over %d tenant-scoped pages of the domain tables"
                        + " (e.g. `%s`); latency from each query's scheduled start.%n%n",
                options.rows(),
                options.bystanderClients(),
                options.bystanderRate(),
                readers.queries().size(),
                readers.queries().getFirst());
        settle();
        BystanderReaders.Latencies idle;
        try (BystanderReaders.Run idleRun = readers.start(neighbour)) {
            FleetApi.sleep(options.bystanderIdle());
            idle = idleRun.stop();
        }

        Seeded erased = seedTenant(options.rows(), ROUNDS_SEED);
        settle();
        Erasure erasure;
        BystanderReaders.Latencies during;
        try (BystanderReaders.Run duringRun = readers.start(neighbour)) {
            List<BystanderReaders.Latencies> stopped = new ArrayList<>();
            erasure = erase(Side.API, erased, () -> stopped.add(duringRun.stop()));
            during = stopped.getFirst();
        }

        System.out.println("| phase | queries | p50 | p95 | p99 | max |");
        System.out.println("|---|---|---|---|---|---|");
        printLatencies("idle, " + options.bystanderIdle().toSeconds() + " s", idle);
        printLatencies(String.format("during the API erasure (%,.0f ms)", erasure.ms()), during);
        double p99Ratio = (double) during.p99() / idle.p99();
        System.out.printf(
                "%np99 during / p99 idle: %.2f (target ≤ %.0f: %s)%n",
                p99Ratio, BYSTANDER_P99_TARGET, p99Ratio <= BYSTANDER_P99_TARGET ? "met" : "not met");
    }

    private static void printLatencies(String phase, BystanderReaders.Latencies latencies) {
        System.out.printf(
                "| %s | %,d | %.2f ms | %.2f ms | %.2f ms | %.2f ms |%n",
                phase,
                latencies.queries(),
                latencies.p50() / 1e3,
                latencies.p95() / 1e3,
                latencies.p99() / 1e3,
                latencies.max() / 1e3);
    }

    private void preview(long rows, int samples) {
        System.out.printf("%n## Aggregated preview of a %,d-row tenant, %d calls%n%n", rows, samples);
        UUID tenant = seedTenant(rows, ROUNDS_SEED).tenant();
        settle();
        List<Double> previews = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            long started = System.nanoTime();
            JsonNode preview = api.preview(ops, tenant);
            previews.add((System.nanoTime() - started) / 1e6);
            if (preview.path("partial").asBoolean() || preview.path("total").asLong() < rows) {
                throw new IllegalStateException("preview incomplete: " + preview);
            }
        }
        System.out.println(summary(previews));
    }

    private void emptyTenant(int samples) {
        System.out.printf("%n## Fan-out overhead: a tenant without rows, DELETE to COMPLETED, %d times%n%n", samples);
        List<Double> empties = new ArrayList<>();
        List<Double> emptyJobs = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            Erasure erasure = erase(Side.API, seedTenant(0, 0));
            empties.add(erasure.ms());
            emptyJobs.add(erasure.jobMs());
        }
        System.out.printf(
                "%s; the job's own time (created to finished) median %.0f ms, p95 %.0f ms%n",
                summary(empties), median(emptyJobs), percentile(emptyJobs, 95));
    }

    private void scaling(long rows, List<Long> scaling, List<Map<Side, Erasure>> rounds) {
        System.out.printf("%n## How time and WAL grow with the tenant's size%n%n");
        System.out.println(
                "One erasure each way per size" + (rounds.isEmpty() ? "" : " (" + rows + " rows: the rounds' medians)")
                        + ". WAL bytes from pg_current_wal_lsn() before and after, per erased row: WAL is cluster-wide, so"
                        + " whatever else wrote meanwhile (the fleet's job and audit rows, polling, autovacuum) counts too.\n");
        System.out.println("| rows | API ms | sequential ms | parallel ms | API/parallel"
                + " | WAL bytes/row API | sequential | parallel |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        List<Long> sizes = new ArrayList<>(scaling);
        if (!sizes.contains(rows)) {
            sizes.add(rows);
        }
        sizes.sort(Long::compare);
        for (long size : sizes) {
            Map<Side, Cost> costs = new EnumMap<>(Side.class);
            if (size == rows && !rounds.isEmpty()) {
                for (Side side : Side.values()) {
                    costs.put(
                            side,
                            new Cost(
                                    median(rounds, e -> e.get(side).ms()),
                                    median(rounds, e -> e.get(side).walBytes())));
                }
            } else {
                Map<Side, Seeded> tenants = new EnumMap<>(Side.class);
                for (Side side : Side.values()) {
                    tenants.put(side, seedTenant(size, ROUNDS_SEED));
                }
                for (Side side : Side.values()) {
                    settle();
                    Erasure erasure = erase(side, tenants.get(side));
                    costs.put(side, new Cost(erasure.ms(), erasure.walBytes()));
                }
            }
            Cost viaApi = costs.get(Side.API);
            Cost sequential = costs.get(Side.SEQUENTIAL);
            Cost parallel = costs.get(Side.PARALLEL);
            System.out.printf(
                    "| %,d | %,.0f | %,.0f | %,.0f | %.2f | %,.0f | %,.0f | %,.0f |%n",
                    size,
                    viaApi.ms(),
                    sequential.ms(),
                    parallel.ms(),
                    viaApi.ms() / parallel.ms(),
                    viaApi.walBytes() / size,
                    sequential.walBytes() / size,
                    parallel.walBytes() / size);
        }
    }

    /** An erasure's time and WAL bytes, or the rounds' medians of them. */
    private record Cost(double ms, double walBytes) {}

    private record Seeded(UUID tenant, String ownerToken, long rows) {}

    /**
     * One erasure: client-side time, WAL written meanwhile and, through the API, the job as the
     * orchestrator answered it at the end.
     */
    private record Erasure(
            double ms, long walBytes, @Nullable JsonNode job) {

        double jobMs() {
            if (job == null) {
                return Double.NaN;
            }
            return Duration.between(
                                    Instant.parse(job.path("created_at").asText()),
                                    Instant.parse(job.path("finished_at").asText()))
                            .toNanos()
                    / 1e6;
        }
    }

    private Seeded seedTenant(long rows, long seed) {
        UUID owner = UUID.randomUUID();
        String token = tokens.user(owner);
        UUID tenant = api.createTenant(token, "Bench bakery " + (seeds++));
        seeder.seed(tenant, rows, seed);
        return new Seeded(tenant, token, rows);
    }

    private Erasure erase(Side side, Seeded seeded) {
        return erase(side, seeded, () -> {});
    }

    /**
     * Erases the tenant one way, runs {@code whenErased} as soon as it is, and checks that nothing of
     * the tenant is left (retained tables aside).
     */
    private Erasure erase(Side side, Seeded seeded, Runnable whenErased) {
        String walBefore = walLsn();
        long started = System.nanoTime();
        JsonNode job = null;
        long deleted = seeded.rows();
        switch (side) {
            case API -> {
                UUID jobId = api.deleteTenant(seeded.ownerToken(), seeded.tenant());
                job = api.awaitFinal(ops, jobId, Duration.ofMinutes(30), Duration.ofMillis(20), node -> {});
            }
            case SEQUENTIAL -> deleted = plainSql.erase(seeded.tenant());
            case PARALLEL -> deleted = plainSql.eraseInParallel(seeded.tenant());
        }
        double ms = (System.nanoTime() - started) / 1e6;
        long walBytes = walBytesSince(walBefore);
        whenErased.run();
        boolean failed = job != null && !job.path("status").asText().equals("COMPLETED");
        Map<String, Long> residue = database.residue(seeded.tenant());
        if (failed || deleted < seeded.rows() || !residue.isEmpty() || database.artifactFiles(seeded.tenant()) > 0) {
            throw new IllegalStateException("Erasure of " + seeded.tenant() + " by " + side
                    + " did not complete cleanly: rows left " + residue + ", artifact files left "
                    + database.artifactFiles(seeded.tenant()) + (job == null ? "" : ", job " + job));
        }
        return new Erasure(ms, walBytes, job);
    }

    private String walLsn() {
        return database.jdbc()
                .sql("SELECT pg_current_wal_lsn()::text")
                .query(String.class)
                .single();
    }

    private long walBytesSince(String lsn) {
        return database.jdbc()
                .sql("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), ?::pg_lsn)::bigint")
                .param(lsn)
                .query(Long.class)
                .single();
    }

    /** Same starting point for every measurement: statistics fresh, dead rows vacuumed, dirty pages written. */
    private void settle() {
        database.jdbc().sql("VACUUM ANALYZE").update();
        database.jdbc().sql("CHECKPOINT").update();
    }

    private static String summary(List<Double> values) {
        return String.format(
                "median %.0f ms, p95 %.0f ms (min %.0f, max %.0f)",
                median(values), percentile(values, 95), min(values), max(values));
    }

    private static <T> double median(List<T> values, ToDoubleFunction<T> value) {
        return median(values.stream().mapToDouble(value).boxed().toList());
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Nearest-rank percentile. */
    private static double percentile(List<Double> values, double percent) {
        List<Double> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(percent / 100 * sorted.size());
        return sorted.get(Math.max(rank, 1) - 1);
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
