package com.bakeryia.e2e;

import com.bakeryia.testkit.postgres.TestDatabase;
import com.bakeryia.testkit.postgres.TestPostgres;
import com.bakeryia.tools.FleetApi;
import com.bakeryia.tools.FleetDatabase;
import com.bakeryia.tools.FleetProcesses;
import com.bakeryia.tools.FleetSettings;
import com.bakeryia.tools.TenantSeeder;
import com.bakeryia.tools.Tokens;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet the end-to-end tests run against: the 14 real jars as processes started by
 * {@code scripts/fleet}, on ports 10000 above the usual ones (so a developer's own fleet may keep
 * running), on a PostgreSQL cluster of the suite's own ({@link OwnPostgres}: so that a scenario may
 * restart PostgreSQL, {@link #restartPostgres(Duration)}), else on a fresh database of the test
 * PostgreSQL. Started once for the whole suite and stopped (cluster stopped, or database dropped) at
 * its end, also from a JVM shutdown hook.
 */
public final class RunningFleet implements ExtensionContext.Store.CloseableResource {

    private static final Logger log = LoggerFactory.getLogger(RunningFleet.class);

    /**
     * Settings of this fleet that differ from a production one, each so that a fault scenario
     * fits in a test's time: the orchestrator takes over a dead instance's job after 10 s instead
     * of 30 s; tries a call for about half a minute (8 attempts, backoff 0.5 s doubling up to 8 s,
     * jitter) before it reschedules the step; reschedules it after 1 s doubling up to 4 s (durable
     * retries, instead of 10 s up to 15 min), so that a job whose service came back completes within
     * seconds; reopens a circuit after 5 s; and runs at most 2 jobs per instance (so that two
     * instances share 20 jobs). tenant-service relays its outbox every second and reconciles its
     * pending tenants every 2 s; the domain services delete in batches of 1,000 committed rows
     * (never in one transaction), so that a big tenant's job lasts long enough to be killed in the
     * middle. The jobs' deadline stays P25D; {@code DeadlineE2eTests} restarts the orchestrator with
     * a shorter one. The owner's grace period is none (P7D in every shipped configuration), so that
     * the erasure scenarios begin at once; {@code OwnerJourneyE2eTests} restarts tenant-service with a
     * short one.
     */
    static final Map<String, String> TEST_SETTINGS = Map.ofEntries(
            Map.entry("ORCHESTRATOR_WORKER_LEASEDURATION", "10s"),
            Map.entry("ORCHESTRATOR_WORKER_HEARTBEATINTERVAL", "2s"),
            Map.entry("ORCHESTRATOR_WORKER_MAXCONCURRENTJOBS", "2"),
            Map.entry("RESILIENCE4J_RETRY_CONFIGS_DEFAULT_MAXATTEMPTS", "8"),
            Map.entry("RESILIENCE4J_RETRY_CONFIGS_DEFAULT_EXPONENTIALMAXWAITDURATION", "8s"),
            Map.entry("RESILIENCE4J_CIRCUITBREAKER_CONFIGS_DEFAULT_WAITDURATIONINOPENSTATE", "5s"),
            Map.entry("ORCHESTRATOR_JOBS_RETRY_INITIALBACKOFF", "1s"),
            Map.entry("ORCHESTRATOR_JOBS_RETRY_MAXBACKOFF", "4s"),
            Map.entry("TENANT_DELETION_OUTBOX_RELAYINTERVAL", "1s"),
            Map.entry("TENANT_DELETION_RECONCILEINTERVAL", "2s"),
            Map.entry("TENANT_DELETION_GRACEPERIOD", "PT0S"),
            Map.entry("DELETION_BATCHSIZE", "1000"),
            Map.entry("DELETION_SINGLETRANSACTIONMAXROWS", "0"));

    private final @Nullable OwnPostgres ownPostgres;
    private final @Nullable String ownPostgresUnavailable;
    private @Nullable TestDatabase sharedDatabase;
    private final FleetSettings settings;
    private final FleetProcesses processes;
    private final FleetDatabase fleetDatabase;
    private final FleetApi api;
    private final Tokens tokens;
    private final Thread shutdownHook;
    private boolean stopped;

    private RunningFleet() {
        Path repoRoot = FleetSettings.repoRoot(System.getProperty("repo.root"));
        Path home = Path.of(System.getProperty(
                "fleet.home", repoRoot.resolve("e2e-tests/target/fleet").toString()));
        this.shutdownHook = new Thread(this::stop, "fleet-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        this.ownPostgresUnavailable = OwnPostgres.unavailableBecause().orElse(null);
        String dbUrl;
        String dbUser;
        String dbPassword;
        String described;
        if (ownPostgresUnavailable == null) {
            this.ownPostgres = OwnPostgres.start(home.resolveSibling("postgres"));
            dbUrl = ownPostgres.jdbcUrl();
            dbUser = ownPostgres.username();
            dbPassword = ownPostgres.password();
            described = ownPostgres.description();
        } else {
            log.info("The fleet runs on the shared test PostgreSQL: {}", ownPostgresUnavailable);
            this.ownPostgres = null;
            this.sharedDatabase = TestPostgres.server().createDatabase();
            dbUrl = sharedDatabase.jdbcUrl();
            dbUser = sharedDatabase.username();
            dbPassword = sharedDatabase.password();
            described = sharedDatabase.name() + " on " + TestPostgres.server().description();
        }
        this.settings = new FleetSettings(
                repoRoot,
                dbUrl,
                dbUser,
                dbPassword,
                Integer.getInteger("fleet.port-offset", 10_000),
                home,
                home.resolve("training-artifacts"));
        this.processes = new FleetProcesses(settings, TEST_SETTINGS);
        this.fleetDatabase = new FleetDatabase(settings, 6);
        this.api = new FleetApi(settings);
        log.info("Starting the fleet on {} (ports +{}), home {}", described, settings.portOffset(), home);
        try {
            processes.down();
            processes.up();
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        this.tokens = new Tokens(settings);
    }

    /** The suite's fleet, started by the first test that asks for it. */
    static RunningFleet of(ExtensionContext context) {
        return context.getRoot()
                .getStore(ExtensionContext.Namespace.create(RunningFleet.class))
                .getOrComputeIfAbsent(RunningFleet.class, key -> new RunningFleet(), RunningFleet.class);
    }

    public FleetSettings settings() {
        return settings;
    }

    public FleetProcesses processes() {
        return processes;
    }

    public FleetDatabase database() {
        return fleetDatabase;
    }

    public FleetApi api() {
        return api;
    }

    public Tokens tokens() {
        return tokens;
    }

    /** A tenant created by a new owner through tenant-service, with {@code rows} rows in the 12 domain schemas. */
    public SeededTenant seedTenant(long rows) {
        UUID owner = UUID.randomUUID();
        String ownerToken = tokens.user(owner);
        UUID tenant = api.createTenant(ownerToken, "Bakery " + tenantCounter());
        new TenantSeeder(fleetDatabase, settings, 2).seed(tenant, rows, 42);
        return new SeededTenant(tenant, owner, ownerToken);
    }

    /** Starts every service that is not running (after a test stopped or killed some). */
    public void ensureAllUp() {
        processes.up();
    }

    /**
     * The same fleet's processes, started with {@code overrides} on top of {@link #TEST_SETTINGS}: to run
     * one service with other settings ({@code processes().down(name)}, then {@code withSettings(...).up(name)};
     * its usual settings come back with {@code processes().down(name)} and {@link #ensureAllUp()}).
     */
    public FleetProcesses withSettings(Map<String, String> overrides) {
        var environment = new HashMap<>(TEST_SETTINGS);
        environment.putAll(overrides);
        return new FleetProcesses(settings, environment);
    }

    /** Whether {@link #restartPostgres(Duration)} can be used: the fleet runs on the suite's own cluster. */
    public boolean ownsPostgres() {
        return ownPostgres != null;
    }

    /** Why the fleet does not run on a cluster of its own, for a JUnit assumption; null when it does. */
    public @Nullable String whyPostgresIsShared() {
        return ownPostgresUnavailable;
    }

    /**
     * Stops the fleet's PostgreSQL ({@code pg_ctl stop -m fast}: every connection is cut), keeps it
     * down for {@code down}, and starts it again. Only on the suite's own cluster; a scenario first
     * assumes {@link #ownsPostgres()}.
     */
    public void restartPostgres(Duration down) {
        if (ownPostgres == null) {
            throw new IllegalStateException("The fleet runs on a shared PostgreSQL: " + ownPostgresUnavailable);
        }
        ownPostgres.restart(down);
    }

    private static int counter;

    private static synchronized int tenantCounter() {
        return ++counter;
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook runs stop() anyway
        }
    }

    private synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            if (processes != null) {
                processes.down();
            }
        } catch (RuntimeException e) {
            log.warn("Could not stop the fleet", e);
        }
        if (fleetDatabase != null) {
            fleetDatabase.close();
        }
        if (sharedDatabase != null) {
            sharedDatabase.close();
        }
        if (ownPostgres != null) {
            ownPostgres.close();
        }
    }

    /** A tenant of the test, its owner and the owner's token. */
    public record SeededTenant(UUID id, UUID owner, String ownerToken) {}
}
