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
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet the end-to-end tests run against: the 14 real jars as processes started by
 * {@code scripts/fleet}, on a fresh database of the test PostgreSQL, on ports 10000 above the
 * usual ones (so a developer's own fleet may keep running). Started once for the whole suite
 * and stopped (database dropped) at its end.
 */
public final class RunningFleet implements ExtensionContext.Store.CloseableResource {

    private static final Logger log = LoggerFactory.getLogger(RunningFleet.class);

    /**
     * Settings of this fleet that differ from a production one, each so that a fault scenario
     * fits in a test's time: the orchestrator takes over a dead instance's job after 10 s instead
     * of 30 s, waits out a service's outage for about half a minute (8 attempts, backoff 0.5 s
     * doubling up to 8 s, jitter) before failing the step, reopens a circuit after 5 s, and runs
     * at most 2 jobs per instance (so that two instances share 20 jobs); tenant-service relays
     * its outbox every second; the domain services delete in batches of 1,000 committed rows
     * (never in one transaction), so that a big tenant's job lasts long enough to be killed in
     * the middle.
     */
    static final Map<String, String> TEST_SETTINGS = Map.ofEntries(
            Map.entry("ORCHESTRATOR_WORKER_LEASEDURATION", "10s"),
            Map.entry("ORCHESTRATOR_WORKER_HEARTBEATINTERVAL", "2s"),
            Map.entry("ORCHESTRATOR_WORKER_MAXCONCURRENTJOBS", "2"),
            Map.entry("RESILIENCE4J_RETRY_CONFIGS_DEFAULT_MAXATTEMPTS", "8"),
            Map.entry("RESILIENCE4J_RETRY_CONFIGS_DEFAULT_EXPONENTIALMAXWAITDURATION", "8s"),
            Map.entry("RESILIENCE4J_CIRCUITBREAKER_CONFIGS_DEFAULT_WAITDURATIONINOPENSTATE", "5s"),
            Map.entry("TENANT_DELETION_OUTBOX_RELAYINTERVAL", "1s"),
            Map.entry("DELETION_BATCHSIZE", "1000"),
            Map.entry("DELETION_SINGLETRANSACTIONMAXROWS", "0"));

    private final TestDatabase database;
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
        this.database = TestPostgres.server().createDatabase();
        this.settings = new FleetSettings(
                repoRoot,
                database.jdbcUrl(),
                database.username(),
                database.password(),
                Integer.getInteger("fleet.port-offset", 10_000),
                home,
                home.resolve("training-artifacts"));
        this.processes = new FleetProcesses(settings, TEST_SETTINGS);
        this.fleetDatabase = new FleetDatabase(settings, 6);
        this.api = new FleetApi(settings);
        this.shutdownHook = new Thread(this::stop, "fleet-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        log.info("Starting the fleet on {} (ports +{}), home {}", database.name(), settings.portOffset(), home);
        processes.down();
        processes.up();
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
            processes.down();
        } catch (RuntimeException e) {
            log.warn("Could not stop the fleet", e);
        }
        fleetDatabase.close();
        database.close();
    }

    /** A tenant of the test, its owner and the owner's token. */
    public record SeededTenant(UUID id, UUID owner, String ownerToken) {}
}
