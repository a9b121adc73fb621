package com.bakeryia.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL cluster of the suite's own, made with the machine's {@code initdb} and run with its
 * {@code pg_ctl}: data directory, unix socket and log under {@code e2e-tests/target/postgres}, a free
 * port on 127.0.0.1, {@code fsync} off and 200 connections. The fleet under test gets a database on it,
 * so that a scenario may stop and start PostgreSQL ({@link #restart(Duration)}) without touching the
 * machine's server, which other builds share.
 *
 * <p>When the JVM runs as root (initdb and pg_ctl refuse to), the commands run as the {@code postgres}
 * user through {@code runuser}, and the cluster's directory belongs to it.
 */
final class OwnPostgres implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OwnPostgres.class);
    private static final String SYSTEM_PROPERTY = "e2e.own-postgres";
    private static final String DATABASE = "bakery_e2e";
    private static final String USER = "postgres";
    private static final long COMMAND_TIMEOUT_SECONDS = 120;
    /** A unix socket's path is at most 107 bytes; below that the cluster's socket lives in a temporary directory. */
    private static final int MAX_SOCKET_DIR_LENGTH = 80;

    private final Path binaries;
    private final Path base;
    private final Path data;
    private final Path socketDir;
    private final Path logFile;
    private final boolean asPostgresUser;
    private final int port;
    private boolean running;

    private OwnPostgres(Path binaries, Path base, boolean asPostgresUser) {
        this.binaries = binaries;
        this.base = base;
        this.data = base.resolve("data");
        Path socket = base.resolve("socket");
        this.socketDir = socket.toString().length() <= MAX_SOCKET_DIR_LENGTH ? socket : temporarySocketDir();
        this.logFile = base.resolve("postgres.log");
        this.asPostgresUser = asPostgresUser;
        this.port = freePort();
    }

    /**
     * Why the suite cannot have a cluster of its own, or empty when it can: {@code BAKERY_TEST_DB_URL}
     * names the server to use, {@code -De2e.own-postgres=false}, no {@code initdb} on the machine, or
     * a root JVM without a {@code postgres} user to run it as.
     */
    static Optional<String> unavailableBecause() {
        String configured = System.getenv("BAKERY_TEST_DB_URL");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(
                    "BAKERY_TEST_DB_URL names the PostgreSQL of the tests, which the suite must not restart");
        }
        if ("false".equalsIgnoreCase(System.getProperty(SYSTEM_PROPERTY))) {
            return Optional.of("-D" + SYSTEM_PROPERTY + "=false: the fleet runs on the shared test PostgreSQL");
        }
        if (binaries().isEmpty()) {
            return Optional.of("no initdb under /usr/lib/postgresql/*/bin (nor on PATH)");
        }
        if (isRoot() && (!Files.isExecutable(Path.of("/usr/sbin/runuser")) || !userExists(USER))) {
            return Optional.of("the JVM runs as root and there is no runuser or no postgres user to run initdb as");
        }
        return Optional.empty();
    }

    /** Makes a fresh cluster under {@code base} (removing what a crashed run left there), starts it and creates the database. */
    static OwnPostgres start(Path base) {
        Path binaries = binaries().orElseThrow(() -> new IllegalStateException("no initdb"));
        OwnPostgres cluster = new OwnPostgres(binaries.toAbsolutePath(), base.toAbsolutePath(), isRoot());
        cluster.initialise();
        cluster.startServer();
        try {
            cluster.createDatabase();
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    String username() {
        return USER;
    }

    String password() {
        return "";
    }

    String description() {
        return "own cluster " + data + " on 127.0.0.1:" + port + " ("
                + binaries.getParent().getFileName() + ")";
    }

    /** Stops the server ({@code pg_ctl stop -m fast}: connections are cut), waits {@code down}, and starts it again. */
    synchronized void restart(Duration down) {
        log.info("Stopping PostgreSQL ({}) for {}", description(), down);
        pgCtl("stop", "-m", "fast");
        running = false;
        try {
            Thread.sleep(down);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while PostgreSQL was down", e);
        } finally {
            startServer();
        }
        log.info("PostgreSQL is back on 127.0.0.1:{}", port);
    }

    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        try {
            pgCtl("stop", "-m", "fast");
        } catch (RuntimeException e) {
            log.warn("Could not stop the suite's PostgreSQL; trying immediate", e);
            pgCtlQuietly("stop", "-m", "immediate");
        }
        running = false;
    }

    private void initialise() {
        if (Files.exists(data.resolve("postmaster.pid"))) {
            log.info("Stopping the PostgreSQL a previous run left in {}", data);
            pgCtlQuietly("stop", "-m", "immediate");
        }
        deleteRecursively(base);
        try {
            Files.createDirectories(base);
            Files.createDirectories(socketDir);
            if (asPostgresUser) {
                UserPrincipal postgres =
                        base.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(USER);
                Files.setOwner(base, postgres);
                Files.setOwner(socketDir, postgres);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare " + base, e);
        }
        run(List.of(
                binaries.resolve("initdb").toString(),
                "-D",
                data.toString(),
                "-U",
                USER,
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C",
                "--no-sync"));
        String settings = """

                # e2e-tests' own cluster (OwnPostgres): throw-away data, many services
                listen_addresses = '127.0.0.1'
                port = %d
                unix_socket_directories = '%s'
                max_connections = 200
                shared_buffers = 64MB
                fsync = off
                synchronous_commit = off
                full_page_writes = off
                log_min_messages = warning
                """.formatted(port, socketDir);
        try {
            Files.writeString(
                    data.resolve("postgresql.conf"), settings, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot configure " + data, e);
        }
    }

    private void startServer() {
        pgCtl("start", "-l", logFile.toString());
        running = true;
    }

    private void createDatabase() {
        try (Connection connection =
                        DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", USER, "");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create " + DATABASE + " on " + description(), e);
        }
    }

    private void pgCtl(String command, String... options) {
        List<String> line = new ArrayList<>(
                List.of(binaries.resolve("pg_ctl").toString(), command, "-D", data.toString(), "-w", "-t", "60"));
        line.addAll(List.of(options));
        run(line);
    }

    private void pgCtlQuietly(String command, String... options) {
        try {
            pgCtl(command, options);
        } catch (RuntimeException e) {
            log.debug("pg_ctl {} failed", command, e);
        }
    }

    private String run(List<String> command) {
        List<String> line = new ArrayList<>();
        if (asPostgresUser) {
            line.addAll(List.of("/usr/sbin/runuser", "-u", USER, "--"));
        }
        line.addAll(command);
        try {
            Process process = new ProcessBuilder(line)
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .directory(base.toFile().isDirectory() ? base.toFile() : null)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", line) + " did not finish:\n" + output);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(
                        String.join(" ", line) + " failed (exit " + process.exitValue() + "):\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run " + String.join(" ", line), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted: " + String.join(" ", line), e);
        }
    }

    /** The newest PostgreSQL's bin directory under /usr/lib/postgresql, else the directory of initdb on PATH. */
    private static Optional<Path> binaries() {
        Path installed = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(installed)) {
            try (Stream<Path> versions = Files.list(installed)) {
                Optional<Path> newest = versions.map(version -> version.resolve("bin"))
                        .filter(bin ->
                                Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl")))
                        .max(Comparator.comparing(OwnPostgres::majorVersion));
                if (newest.isPresent()) {
                    return newest;
                }
            } catch (IOException e) {
                log.debug("Cannot list {}", installed, e);
            }
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path bin = Path.of(dir);
                if (Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl"))) {
                    return Optional.of(bin);
                }
            }
        }
        return Optional.empty();
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static boolean userExists(String user) {
        try {
            return Files.readAllLines(Path.of("/etc/passwd")).stream().anyMatch(line -> line.startsWith(user + ":"));
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port", e);
        }
    }

    private static Path temporarySocketDir() {
        try {
            return Files.createTempDirectory("bakery-e2e-pg");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a socket directory", e);
        }
    }

    private static void deleteRecursively(@Nullable Path path) {
        if (path == null || !Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove " + path, e);
        }
    }
}
