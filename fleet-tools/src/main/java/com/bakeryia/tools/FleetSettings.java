package com.bakeryia.tools;

import com.bakeryia.testkit.postgres.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the fleet runs, read from the same environment variables as {@code scripts/fleet}: the
 * repository, the database, the port offset, the fleet's home and training's artifact directory.
 *
 * @param repoRoot the repository (holds scripts/ and config/local/)
 * @param dbUrl JDBC URL of the fleet's database
 * @param dbUser its user
 * @param dbPassword its password, empty when none
 * @param portOffset added to every service port
 * @param fleetHome pid files, logs and dev signing keys of {@code scripts/fleet}
 * @param artifactsDir training-service's model files
 */
public record FleetSettings(
        Path repoRoot,
        String dbUrl,
        String dbUser,
        String dbPassword,
        int portOffset,
        Path fleetHome,
        Path artifactsDir) {

    public static final String DEFAULT_DB_URL = "jdbc:postgresql://127.0.0.1:5432/bakery";

    /** Reads the settings of a tool started by a script ({@code -Drepo.root} or the working directory). */
    public static FleetSettings fromEnvironment() {
        return from(System.getenv(), repoRoot(System.getProperty("repo.root")));
    }

    static FleetSettings from(Map<String, String> env, Path repoRoot) {
        return new FleetSettings(
                repoRoot,
                env.getOrDefault("DB_URL", DEFAULT_DB_URL),
                env.getOrDefault("DB_USER", "postgres"),
                env.getOrDefault("DB_PASSWORD", ""),
                Integer.parseInt(env.getOrDefault("FLEET_PORT_OFFSET", "0")),
                Path.of(env.getOrDefault(
                        "FLEET_HOME", repoRoot.resolve("var/fleet").toString())),
                Path.of(env.getOrDefault(
                        "TRAINING_ARTIFACTS_DIR",
                        repoRoot.resolve("data/training-artifacts").toString())));
    }

    /** The repository root: the given directory, else the working directory or one of its parents with scripts/fleet. */
    /**
     * The settings of a benchmark's own fleet: home {@code var/<home>} of the repository, ports
     * offset by {@code -Dfleet.port-offset} (else {@code defaultPortOffset}), on a fresh database of
     * the test PostgreSQL, dropped by the caller afterwards.
     */
    public static FleetSettings forBenchmark(String home, int defaultPortOffset, TestDatabase db) {
        Path repoRoot = repoRoot(System.getProperty("repo.root"));
        Path fleetHome = repoRoot.resolve("var").resolve(home);
        return new FleetSettings(
                repoRoot,
                db.jdbcUrl(),
                db.username(),
                db.password(),
                Integer.getInteger("fleet.port-offset", defaultPortOffset),
                fleetHome,
                fleetHome.resolve("training-artifacts"));
    }

    public static Path repoRoot(String given) {
        if (given != null && !given.isBlank()) {
            return Path.of(given).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("scripts/fleet"))) {
                return dir;
            }
        }
        throw new IllegalStateException("Cannot find the repository (scripts/fleet) from "
                + Path.of("").toAbsolutePath() + "; pass -Drepo.root");
    }

    /** The port of a service instance: instance 1 on its own port, each further one 1000 higher. */
    public int port(FleetService service, int instance) {
        return service.port() + portOffset + 1000 * (instance - 1);
    }

    public String baseUrl(FleetService service) {
        return baseUrl(service, 1);
    }

    public String baseUrl(FleetService service, int instance) {
        return "http://127.0.0.1:" + port(service, instance);
    }

    /** The environment {@code scripts/fleet} needs to manage this fleet. */
    public Map<String, String> scriptEnvironment() {
        return Map.of(
                "DB_URL",
                dbUrl,
                "DB_USER",
                dbUser,
                "DB_PASSWORD",
                dbPassword,
                "FLEET_PORT_OFFSET",
                Integer.toString(portOffset),
                "FLEET_HOME",
                fleetHome.toString(),
                "TRAINING_ARTIFACTS_DIR",
                artifactsDir.toString());
    }
}
