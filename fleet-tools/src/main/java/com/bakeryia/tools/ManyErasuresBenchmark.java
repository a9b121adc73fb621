package com.bakeryia.tools;

import com.bakeryia.testkit.postgres.TestDatabase;
import com.bakeryia.testkit.postgres.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code scripts/bench many}: the whole fleet as processes on a fresh database, with a second
 * orchestrator instance, and {@code --tenants} tenants of {@code --rows} rows each whose owners all
 * request the erasure at once ({@code --clients} threads, as fast as tenant-service answers). The
 * grace period is set to zero ({@code TENANT_DELETION_GRACEPERIOD=PT0S}) so that every job is due
 * when created. Measures what a burst of erasures costs: how long the requests took, jobs per second
 * from the first job created to the last finished, each job's duration, how the jobs spread over the
 * instances, and PostgreSQL's connections meanwhile (sampled every 250 ms) against {@code
 * max_connections}; afterwards checks that no row of an erased tenant is left. The jobs are read
 * from the orchestrator's own table, not polled through its API, so that watching does not add a
 * thousand HTTP calls to the load. Extra {@code --env KEY=VALUE} options go to every service's
 * environment (e.g. {@code ORCHESTRATOR_WORKER_MAXCONCURRENTJOBS=16}). Prints Markdown; run by hand,
 * never in CI.
 */
public final class ManyErasuresBenchmark {

    private static final String SECOND_ORCHESTRATOR = FleetService.ORCHESTRATOR.name() + "@2";
    private static final List<String> ORCHESTRATORS = List.of(FleetService.ORCHESTRATOR.name(), SECOND_ORCHESTRATOR);
    private static final int SEED_THREADS = 4;
    private static final Duration JOBS_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration JOBS_POLL = Duration.ofMillis(500);
    private static final Duration CONNECTIONS_SAMPLE = Duration.ofMillis(250);
    private static final Set<String> FINAL = Set.of("COMPLETED", "FAILED", "CANCELLED");
    private static final Pattern WORKER_STARTED =
            Pattern.compile("Deletion job worker (\\S+) started \\(.*up to (\\d+) jobs at once\\)");

    private static final String JOBS_BY_STATUS =
            "SELECT status, count(*) FROM orchestrator.deletion_job GROUP BY status";

    private static final String JOBS = """
            SELECT id, status, lease_owner, attempt,
                   extract(epoch FROM finished_at - created_at) * 1000 AS duration_ms,
                   extract(epoch FROM started_at - created_at) * 1000 AS wait_ms
              FROM orchestrator.deletion_job
            """;

    private static final String FIRST_CREATED_TO_LAST_FINISHED =
            "SELECT extract(epoch FROM max(finished_at) - min(created_at)) * 1000 FROM orchestrator.deletion_job";

    // Why jobs went RETRYING: per service, the calls repeated (any cause), the retries that count toward the
    // backoff (a Retry-After or an open breaker does not) and the latest error of one of the steps.
    private static final String STEP_RETRIES = """
            SELECT service_name, sum(attempts - 1) AS repeated, sum(retries) AS retries, max(last_error) AS last_error
              FROM orchestrator.deletion_step
             WHERE attempts > 1 OR last_error IS NOT NULL
             GROUP BY service_name
             ORDER BY service_name
            """;

    private static final String CONNECTIONS = """
            SELECT count(*) AS all_backends,
                   count(*) FILTER (WHERE backend_type = 'client backend') AS client_backends,
                   count(*) FILTER (WHERE datname = current_database()) AS this_database
              FROM pg_stat_activity
            """;

    // The tenants whose jobs completed: every tenant of this fresh database had one.
    private static final String ROWS_OF_ERASED_TENANTS = """
            SELECT count(*) FROM %s.%s
             WHERE tenant_id IN (SELECT tenant_id FROM orchestrator.deletion_job WHERE status = 'COMPLETED')
            """;

    private final FleetSettings settings;
    private final FleetDatabase database;
    private final Map<String, String> extraEnvironment;
    private final FleetApi api;
    private final Tokens tokens;

    private ManyErasuresBenchmark(
            FleetSettings settings, FleetDatabase database, Map<String, String> extraEnvironment) {
        this.settings = settings;
        this.database = database;
        this.extraEnvironment = extraEnvironment;
        this.api = new FleetApi(settings);
        this.tokens = new Tokens(settings);
    }

    public static void main(String[] args) throws Exception {
        int tenants = 1000;
        long rows = 1000;
        int clients = 8;
        int withinSeconds = 60;
        Map<String, String> extraEnvironment = new LinkedHashMap<>();
        extraEnvironment.put("TENANT_DELETION_GRACEPERIOD", "PT0S");
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--tenants" -> tenants = Integer.parseInt(value);
                case "--rows" -> rows = Long.parseLong(value);
                case "--clients" -> clients = Integer.parseInt(value);
                case "--within-s" -> withinSeconds = Integer.parseInt(value);
                case "--env" -> {
                    int equals = value.indexOf('=');
                    if (equals < 1) {
                        throw new IllegalArgumentException("--env needs KEY=VALUE, not " + value);
                    }
                    extraEnvironment.put(value.substring(0, equals), value.substring(equals + 1));
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        TestDatabase db = TestPostgres.server().createDatabase();
        var settings = FleetSettings.forBenchmark("bench-many", 20_600, db);
        var processes = new FleetProcesses(settings, extraEnvironment);
        try (var database = new FleetDatabase(settings, 3)) {
            processes.down();
            long started = System.nanoTime();
            processes.up();
            processes.up(SECOND_ORCHESTRATOR);
            int readiness = new FleetApi(settings)
                    .send(
                            "GET",
                            settings.baseUrl(FleetService.ORCHESTRATOR, 2) + "/actuator/health/readiness",
                            null,
                            null)
                    .status();
            if (readiness != 200) {
                throw new IllegalStateException(SECOND_ORCHESTRATOR + " is not ready: readiness answered " + readiness);
            }
            log(
                    "fleet and %s up in %.0f s (ports +%d, %s, database %s, environment %s)",
                    SECOND_ORCHESTRATOR,
                    (System.nanoTime() - started) / 1e9,
                    settings.portOffset(),
                    settings.fleetHome(),
                    db.name(),
                    extraEnvironment);
            new ManyErasuresBenchmark(settings, database, extraEnvironment).run(tenants, rows, clients, withinSeconds);
            System.out.printf("%nThe fleet after the run (resident memory):%n%n```%n%s```%n", processes.status());
        } finally {
            processes.down();
            db.close();
        }
    }

    private record Owner(UUID tenant, UUID user) {}

    private record Answer(UUID tenant, UUID job, int status, String problem, double ms) {}

    private record Job(UUID id, String status, String worker, int attempt, double durationMs, double waitMs) {}

    private record Worker(String instance, String id, int maxConcurrentJobs) {}

    private void run(int tenants, long rows, int clients, int withinSeconds) throws Exception {
        List<Owner> owners = seed(tenants, rows);
        database.jdbc().sql("VACUUM ANALYZE").update();
        database.jdbc().sql("CHECKPOINT").update();

        ConnectionSampler connections = new ConnectionSampler();
        Thread sampler = Thread.ofPlatform().daemon().name("connection-sampler").start(connections);
        List<Answer> answers;
        double requestsMs;
        List<Job> jobs;
        try {
            List<String> ownerTokens =
                    owners.stream().map(owner -> tokens.user(owner.user())).toList();
            log("requesting %,d erasures with %d clients", owners.size(), clients);
            long requestsStarted = System.nanoTime();
            answers = requestErasures(owners, ownerTokens, clients);
            requestsMs = (System.nanoTime() - requestsStarted) / 1e6;
            log("%,d requests answered in %.1f s", answers.size(), requestsMs / 1e3);
            Set<UUID> accepted = answers.stream()
                    .filter(answer -> answer.job() != null)
                    .map(Answer::job)
                    .collect(Collectors.toSet());
            jobs = awaitJobs(accepted);
        } finally {
            connections.stop.set(true);
            sampler.join();
        }
        report(tenants, rows, clients, withinSeconds, answers, requestsMs, jobs, connections);
    }

    /** Creates the tenants through tenant-service's API, each with its own owner, and writes their rows. */
    private List<Owner> seed(int tenants, long rows) throws InterruptedException {
        log(
                "database %s; seeding %,d tenants of %,d rows with %d threads",
                settings.dbUrl(), tenants, rows, SEED_THREADS);
        long started = System.nanoTime();
        Owner[] owners = new Owner[tenants];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        try (var seeding = new FleetDatabase(settings, SEED_THREADS)) {
            TenantSeeder seeder = new TenantSeeder(seeding, settings, 1);
            runInParallel(SEED_THREADS, () -> {
                for (int i = next.getAndIncrement(); i < tenants; i = next.getAndIncrement()) {
                    UUID user = UUID.randomUUID();
                    UUID tenant = api.createTenant(tokens.user(user), "Many erasures bakery " + (i + 1));
                    seeder.seed(tenant, rows, i);
                    owners[i] = new Owner(tenant, user);
                    int seeded = done.incrementAndGet();
                    if (seeded % 100 == 0 || seeded == tenants) {
                        log("  %,d/%,d tenants seeded (%.0f s)", seeded, tenants, (System.nanoTime() - started) / 1e9);
                    }
                }
            });
        }
        return List.of(owners);
    }

    /** Every owner's DELETE, sent by {@code clients} threads as fast as tenant-service answers. */
    private List<Answer> requestErasures(List<Owner> owners, List<String> ownerTokens, int clients)
            throws InterruptedException {
        Answer[] answers = new Answer[owners.size()];
        AtomicInteger next = new AtomicInteger();
        runInParallel(clients, () -> {
            for (int i = next.getAndIncrement(); i < owners.size(); i = next.getAndIncrement()) {
                UUID tenant = owners.get(i).tenant();
                long started = System.nanoTime();
                ApiResponse response = api.requestDeletion(ownerTokens.get(i), tenant);
                double ms = (System.nanoTime() - started) / 1e6;
                answers[i] = response.status() == 202
                        ? new Answer(
                                tenant,
                                UUID.fromString(response.body().path("job_id").asText()),
                                response.status(),
                                null,
                                ms)
                        : new Answer(tenant, null, response.status(), response.raw(), ms);
            }
        });
        return List.of(answers);
    }

    /** Reads the orchestrator's job table until every accepted job is final; fails after {@link #JOBS_TIMEOUT}. */
    private List<Job> awaitJobs(Set<UUID> accepted) {
        long started = System.nanoTime();
        long deadline = started + JOBS_TIMEOUT.toNanos();
        long nextLog = started;
        while (true) {
            Map<String, Long> byStatus = new TreeMap<>();
            database.jdbc()
                    .sql(JOBS_BY_STATUS)
                    .query((rs, n) -> byStatus.put(rs.getString(1), rs.getLong(2)))
                    .list();
            long finished = byStatus.entrySet().stream()
                    .filter(entry -> FINAL.contains(entry.getKey()))
                    .mapToLong(Map.Entry::getValue)
                    .sum();
            long now = System.nanoTime();
            if (now >= nextLog) {
                log("  jobs after %.0f s: %s", (now - started) / 1e9, byStatus);
                nextLog = now + Duration.ofSeconds(10).toNanos();
            }
            if (finished >= accepted.size()) {
                List<Job> jobs = database.jdbc()
                        .sql(JOBS)
                        .query((rs, n) -> new Job(
                                rs.getObject("id", UUID.class),
                                rs.getString("status"),
                                rs.getString("lease_owner"),
                                rs.getInt("attempt"),
                                rs.getDouble("duration_ms"),
                                rs.getDouble("wait_ms")))
                        .list();
                Set<UUID> known = jobs.stream().map(Job::id).collect(Collectors.toSet());
                if (known.containsAll(accepted)) {
                    log("all %,d jobs final after %.0f s: %s", accepted.size(), (now - started) / 1e9, byStatus);
                    return jobs;
                }
            }
            if (now >= deadline) {
                throw new IllegalStateException("Not every job final within " + JOBS_TIMEOUT + ": " + accepted.size()
                        + " accepted, the orchestrator's jobs by status: " + byStatus);
            }
            FleetApi.sleep(JOBS_POLL);
        }
    }

    private void report(
            int tenants,
            long rows,
            int clients,
            int withinSeconds,
            List<Answer> answers,
            double requestsMs,
            List<Job> jobs,
            ConnectionSampler connections) {
        List<Worker> workers = workers();
        long maxConnections =
                database.jdbc().sql("SHOW max_connections").query(Long.class).single();
        double spanMs = database.jdbc()
                .sql(FIRST_CREATED_TO_LAST_FINISHED)
                .query(Double.class)
                .single();
        List<Answer> rejected =
                answers.stream().filter(answer -> answer.job() == null).toList();
        List<Double> answerMs = answers.stream().map(Answer::ms).toList();
        List<Double> durations = jobs.stream().map(Job::durationMs).toList();
        List<Double> waits = jobs.stream().map(Job::waitMs).toList();
        Map<String, Long> byStatus =
                jobs.stream().collect(Collectors.groupingBy(Job::status, TreeMap::new, Collectors.counting()));
        long completed = byStatus.getOrDefault("COMPLETED", 0L);
        long failed = byStatus.getOrDefault("FAILED", 0L);
        long other = jobs.size() - completed - failed;
        double jobsPerSecond = jobs.size() / (spanMs / 1e3);
        Map<String, Long> byWorker = jobs.stream()
                .collect(Collectors.groupingBy(
                        job -> job.worker() == null ? "none" : job.worker(), TreeMap::new, Collectors.counting()));
        long claimedTwice = jobs.stream().filter(job -> job.attempt() > 1).count();
        Map<String, Long> residue = residueOfErasedTenants();
        Set<UUID> completedJobs = jobs.stream()
                .filter(job -> job.status().equals("COMPLETED"))
                .map(Job::id)
                .collect(Collectors.toSet());
        long tenantsWithArtifacts = answers.stream()
                .filter(answer -> completedJobs.contains(answer.job()))
                .filter(answer -> database.artifactFiles(answer.tenant()) > 0)
                .count();

        System.out.printf(
                "%n## %,d erasures requested at once, %d orchestrator instances%n%n", tenants, ORCHESTRATORS.size());
        System.out.println("| | |");
        System.out.println("|---|---|");
        System.out.printf("| tenants | %,d |%n", tenants);
        System.out.printf("| rows each | %,d (over %d domain services) |%n", rows, FleetService.DOMAIN.size());
        System.out.printf("| orchestrator instances | %d |%n", ORCHESTRATORS.size());
        System.out.printf(
                "| max concurrent jobs per instance | %s |%n",
                workers.stream()
                        .map(worker -> worker.instance() + ": " + worker.maxConcurrentJobs())
                        .collect(Collectors.joining(", ")));
        System.out.printf(
                "| extra environment | %s |%n",
                extraEnvironment.entrySet().stream()
                        .map(entry -> "`" + entry.getKey() + "=" + entry.getValue() + "`")
                        .collect(Collectors.joining(", ")));
        System.out.printf(
                "| requests (%d clients) | %,d DELETEs in %.1f s (%.0f/s); answer p50 %,.0f ms, p95 %,.0f ms, max %,.0f"
                        + " ms; %,d answered 202%s |%n",
                clients,
                answers.size(),
                requestsMs / 1e3,
                answers.size() / (requestsMs / 1e3),
                percentile(answerMs, 0.50),
                percentile(answerMs, 0.95),
                percentile(answerMs, 1),
                answers.size() - rejected.size(),
                rejected.isEmpty() ? "" : ", " + rejected.size() + " not: " + rejectedSummary(rejected));
        System.out.printf("| first job created → last job finished | %.1f s |%n", spanMs / 1e3);
        System.out.printf("| jobs/s | %.1f |%n", jobsPerSecond);
        System.out.printf(
                "| job duration (finished - created) | p50 %s, p95 %s, max %s |%n",
                seconds(percentile(durations, 0.50)),
                seconds(percentile(durations, 0.95)),
                seconds(percentile(durations, 1)));
        System.out.printf(
                "| of which waiting to be claimed (started - created) | p50 %s, p95 %s, max %s |%n",
                seconds(percentile(waits, 0.50)), seconds(percentile(waits, 0.95)), seconds(percentile(waits, 1)));
        System.out.printf(
                "| jobs COMPLETED / FAILED / other | %,d / %,d / %,d%s |%n",
                completed, failed, other, other == 0 ? "" : " " + byStatus);
        System.out.printf(
                "| jobs per orchestrator instance (the worker that finished them) | %s |%n",
                byWorker.entrySet().stream()
                        .map(entry -> instanceOf(entry.getKey(), workers) + ": " + entry.getValue())
                        .collect(Collectors.joining(", ")));
        System.out.printf("| jobs claimed more than once (a retry or a takeover) | %,d |%n", claimedTwice);
        System.out.printf("| steps called more than once | %s |%n", stepRetries());
        System.out.printf(
                "| max connections, cluster: all backends / client backends | %d / %d (max_connections %d) |%n",
                connections.maxAll, connections.maxClients, maxConnections);
        System.out.printf(
                "| max connections, this database | %d (before the requests %d; the benchmark's own pool at most 3) |%n",
                connections.maxThisDatabase, connections.firstThisDatabase);
        System.out.printf(
                "| connection samples (every %d ms) | %,d, %d failed |%n",
                CONNECTIONS_SAMPLE.toMillis(), connections.samples, connections.failures);
        System.out.printf(
                "| rows of the erased tenants left | %s |%n",
                residue.isEmpty() ? "none (every tenant table of every service)" : residue);
        System.out.printf("| erased tenants with artifact files left | %,d |%n", tenantsWithArtifacts);

        System.out.printf("%n## Against the target%n%n");
        target("at least 20 jobs/s", jobsPerSecond >= 20, String.format("%.1f jobs/s", jobsPerSecond));
        target("no job FAILED", failed == 0, failed + " FAILED");
        target(
                "PostgreSQL connections within max_connections",
                connections.maxClients < maxConnections && connections.failures == 0,
                String.format(
                        "max %d client backends of %d; %d samples failed",
                        connections.maxClients, maxConnections, connections.failures));
        target(
                "requested within " + withinSeconds + " s",
                requestsMs <= withinSeconds * 1000.0,
                String.format("%.1f s", requestsMs / 1e3));
        target(
                "both orchestrator instances ran jobs",
                workers.stream().allMatch(worker -> byWorker.getOrDefault(worker.id(), 0L) > 0),
                byWorker.entrySet().stream()
                        .map(entry -> instanceOf(entry.getKey(), workers) + ": " + entry.getValue())
                        .collect(Collectors.joining(", ")));
        if (!residue.isEmpty() || tenantsWithArtifacts > 0) {
            throw new IllegalStateException("Data of erased tenants is left: rows " + residue + ", "
                    + tenantsWithArtifacts + " tenants with artifact files");
        }
    }

    /** Per service the calls repeated and the retries counted, then one of the errors (they tend to be alike). */
    private String stepRetries() {
        List<String> services = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        database.jdbc()
                .sql(STEP_RETRIES)
                .query((rs, n) -> {
                    services.add(
                            rs.getString("service_name") + " " + rs.getLong("repeated") + "/" + rs.getLong("retries"));
                    return errors.add(rs.getString("last_error"));
                })
                .list();
        if (services.isEmpty()) {
            return "none";
        }
        String error = errors.stream().filter(e -> e != null).findFirst().orElse("none recorded");
        return ("repeated calls/counted retries: " + String.join(", ", services) + "; e.g. "
                        + (error.length() > 200 ? error.substring(0, 200) + "..." : error))
                .replace("|", "\\|");
    }

    private static void target(String what, boolean met, String figure) {
        System.out.printf("- %s: %s (%s)%n", what, met ? "met" : "**NOT met**", figure);
    }

    private static String rejectedSummary(List<Answer> rejected) {
        Map<Integer, Long> byStatus =
                rejected.stream().collect(Collectors.groupingBy(Answer::status, TreeMap::new, Collectors.counting()));
        String first = rejected.getFirst().problem();
        return byStatus + ", the first: " + (first.length() > 300 ? first.substring(0, 300) + "..." : first);
    }

    /**
     * Each orchestrator instance's worker id and its {@code max-concurrent-jobs}, from the line its
     * worker logged at start: the value it really ran with, whether from the environment or from
     * application.yml's default.
     */
    private List<Worker> workers() {
        List<Worker> workers = new ArrayList<>();
        for (String instance : ORCHESTRATORS) {
            Path log = settings.fleetHome().resolve("logs/" + instance + ".log");
            String text;
            try {
                text = Files.readString(log);
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read the log of " + instance + ": " + log, e);
            }
            Matcher matcher = WORKER_STARTED.matcher(text);
            Worker last = null;
            while (matcher.find()) {
                last = new Worker(instance, matcher.group(1), Integer.parseInt(matcher.group(2)));
            }
            if (last == null) {
                throw new IllegalStateException(instance + " logged no worker start in " + log);
            }
            workers.add(last);
        }
        return workers;
    }

    private static String instanceOf(String workerId, List<Worker> workers) {
        return workers.stream()
                .filter(worker -> worker.id().equals(workerId))
                .map(Worker::instance)
                .findFirst()
                .orElse("worker " + workerId);
    }

    /** Rows left of the tenants whose jobs completed, per {@code schema.table}: one count per tenant table. */
    private Map<String, Long> residueOfErasedTenants() {
        Map<String, Long> residue = new LinkedHashMap<>();
        for (FleetService service : FleetService.WITH_TENANT_DATA) {
            for (String table : database.inspector(service.schema()).tenantTables()) {
                if (FleetDatabase.RETAINED_TABLES.contains(table)) {
                    continue;
                }
                long rows = database.jdbc()
                        .sql(ROWS_OF_ERASED_TENANTS.formatted(quote(service.schema()), quote(table)))
                        .query(Long.class)
                        .single();
                if (rows > 0) {
                    residue.put(service.schema() + "." + table, rows);
                }
            }
        }
        return residue;
    }

    /** Samples pg_stat_activity every {@link #CONNECTIONS_SAMPLE}, keeping the maxima. */
    private final class ConnectionSampler implements Runnable {

        final AtomicBoolean stop = new AtomicBoolean();
        volatile long maxAll;
        volatile long maxClients;
        volatile long maxThisDatabase;
        volatile long firstThisDatabase = -1;
        volatile int samples;
        volatile int failures;

        @Override
        public void run() {
            while (!stop.get()) {
                try {
                    database.jdbc()
                            .sql(CONNECTIONS)
                            .query((rs, n) -> {
                                maxAll = Math.max(maxAll, rs.getLong("all_backends"));
                                maxClients = Math.max(maxClients, rs.getLong("client_backends"));
                                long thisDatabase = rs.getLong("this_database");
                                maxThisDatabase = Math.max(maxThisDatabase, thisDatabase);
                                if (firstThisDatabase < 0) {
                                    firstThisDatabase = thisDatabase;
                                }
                                return null;
                            })
                            .list();
                    samples++;
                } catch (RuntimeException e) {
                    failures++;
                }
                try {
                    Thread.sleep(CONNECTIONS_SAMPLE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Runs {@code task} on {@code threads} threads and waits for all; the first failure is thrown. */
    private static void runInParallel(int threads, Runnable task) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                runs.add(pool.submit(task));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Nearest rank: the smallest value with at least {@code q} of the values at or below it. */
    private static double percentile(List<Double> values, double q) {
        List<Double> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static String seconds(double ms) {
        return String.format("%.1f s", ms / 1e3);
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static void log(String format, Object... args) {
        System.err.printf(format + "%n", args);
    }
}
