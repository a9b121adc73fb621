package com.bakeryia.testkit.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The PostgreSQL server that tests of this JVM use, chosen once by {@link #server()}, and the place
 * to create a fresh database on it ({@link #createDatabase()}).
 *
 * <p>The server is the first of:
 *
 * <ol>
 *   <li>the one named by the environment variable {@value #URL_VARIABLE} (a JDBC URL such as {@code
 *       jdbc:postgresql://host:5432/postgres?user=bakery&password=secret}; {@value #USER_VARIABLE} and
 *       {@value #PASSWORD_VARIABLE}, when set, take precedence over credentials in the URL);
 *   <li>a Testcontainers {@code postgres:16} container, when a Docker engine answers; started once and
 *       reused by every test of the JVM;
 *   <li>a server at {@code 127.0.0.1:5432} accepting user {@code postgres} without password.
 * </ol>
 *
 * If none is available, {@link #server()} throws an {@link IllegalStateException} that says how to
 * provide one.
 */
public final class TestPostgres {

    /** Environment variable naming the server as a JDBC URL; when set, nothing else is tried. */
    public static final String URL_VARIABLE = "BAKERY_TEST_DB_URL";

    /** Environment variable with the user for {@value #URL_VARIABLE}, overriding the URL's {@code user}. */
    public static final String USER_VARIABLE = "BAKERY_TEST_DB_USER";

    /** Environment variable with the password for {@value #URL_VARIABLE}, overriding the URL's {@code password}. */
    public static final String PASSWORD_VARIABLE = "BAKERY_TEST_DB_PASSWORD";

    /** Prefix of every database {@link #createDatabase()} creates, followed by epoch seconds and random hex. */
    public static final String DATABASE_PREFIX = "bakery_test_";

    static final Duration STALE_AFTER = Duration.ofHours(6);

    private static final Logger log = LoggerFactory.getLogger(TestPostgres.class);
    private static final String CONTAINER_IMAGE = "postgres:16";
    private static final String LOCAL_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    private static final String LOCAL_USER = "postgres";
    private static final int LOCAL_TIMEOUT_SECONDS = 2;
    private static final Pattern TEST_DATABASE_NAME =
            Pattern.compile(Pattern.quote(DATABASE_PREFIX) + "(\\d+)_\\p{XDigit}+");

    private static final String LIST_TEST_DATABASES = """
            SELECT datname FROM pg_database WHERE datname LIKE 'bakery\\_test\\_%'
            """;

    private static @Nullable TestPostgres server;

    private final PostgresUrl url;
    private final String username;
    private final String password;
    private final String description;

    private TestPostgres(PostgresUrl url, String username, String password, String description) {
        this.url = url.withoutParameters("user", "password");
        this.username = username;
        this.password = password;
        this.description = description;
    }

    /**
     * Returns the server of this JVM, choosing it on the first call.
     *
     * @throws IllegalStateException when no server is available, with what was tried and how to fix it
     */
    public static synchronized TestPostgres server() {
        TestPostgres chosen = server;
        if (chosen == null) {
            chosen = choose();
            log.info("Tests use PostgreSQL {}", chosen.description);
            server = chosen;
        }
        return chosen;
    }

    /** How this server was chosen and where it is, for log lines and error messages. */
    public String description() {
        return description;
    }

    /**
     * Creates an empty database named {@code bakery_test_<epochSeconds>_<random hex>}. First drops
     * databases of that pattern older than six hours, which crashed runs left behind.
     *
     * @return the new database; closing it drops it
     */
    public TestDatabase createDatabase() {
        Instant now = Instant.now();
        String name = DATABASE_PREFIX
                + now.getEpochSecond()
                + "_"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        try (Connection connection = adminConnection();
                Statement statement = connection.createStatement()) {
            dropStaleDatabases(connection, now);
            statement.execute("CREATE DATABASE " + quoted(name));
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create test database " + name + " on " + description, e);
        }
        return new TestDatabase(name, url.withDatabase(name).jdbcUrl(), username, password);
    }

    void dropDatabase(String name) {
        try (Connection connection = adminConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + quoted(name) + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not drop test database " + name + " on " + description, e);
        }
    }

    private void dropStaleDatabases(Connection connection, Instant now) {
        long cutoff = now.minus(STALE_AFTER).getEpochSecond();
        List<String> stale = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(LIST_TEST_DATABASES)) {
            while (rows.next()) {
                String name = rows.getString(1);
                Matcher matcher = TEST_DATABASE_NAME.matcher(name);
                if (matcher.matches() && isBefore(matcher.group(1), cutoff)) {
                    stale.add(name);
                }
            }
        } catch (SQLException e) {
            log.debug("Could not list left-over test databases", e);
            return;
        }
        for (String name : stale) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + quoted(name) + " WITH (FORCE)");
                log.info("Dropped left-over test database {}", name);
            } catch (SQLException e) {
                log.debug("Could not drop left-over test database {}", name, e);
            }
        }
    }

    private static boolean isBefore(String epochSeconds, long cutoff) {
        try {
            return Long.parseLong(epochSeconds) < cutoff;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private Connection adminConnection() throws SQLException {
        return dataSource(url.jdbcUrl(), username, password).getConnection();
    }

    static PGSimpleDataSource dataSource(String jdbcUrl, String username, String password) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl);
        dataSource.setUser(username);
        dataSource.setPassword(password);
        return dataSource;
    }

    static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    static TestPostgres fromUrl(String jdbcUrl, @Nullable String user, @Nullable String password) {
        PostgresUrl parsed;
        try {
            parsed = PostgresUrl.parse(jdbcUrl);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(URL_VARIABLE + " is not a PostgreSQL JDBC URL: " + e.getMessage(), e);
        }
        String effectiveUser = firstNonBlank(user, parsed.parameter("user"), LOCAL_USER);
        String effectivePassword = firstNonBlank(password, parsed.parameter("password"), "");
        String shown = parsed.withoutParameters("user", "password").jdbcUrl();
        return new TestPostgres(parsed, effectiveUser, effectivePassword, "from " + URL_VARIABLE + " at " + shown);
    }

    private static TestPostgres choose() {
        String configured = System.getenv(URL_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            return fromUrl(configured.strip(), System.getenv(USER_VARIABLE), System.getenv(PASSWORD_VARIABLE));
        }
        String dockerOutcome;
        if (!dockerEnvironmentPresent()) {
            dockerOutcome = "no Docker socket or DOCKER_HOST found";
        } else if (!DockerClientFactory.instance().isDockerAvailable()) {
            dockerOutcome = "a Docker socket or DOCKER_HOST exists but no Docker engine answers";
        } else {
            return startContainer();
        }
        String localOutcome = probeLocal();
        if (localOutcome == null) {
            return new TestPostgres(PostgresUrl.parse(LOCAL_URL), LOCAL_USER, "", "local at 127.0.0.1:5432");
        }
        throw new IllegalStateException("""
                No PostgreSQL server for tests. Tried, in this order:
                  1. environment variable %s: not set;
                  2. Testcontainers (%s): %s;
                  3. 127.0.0.1:5432 as user %s: %s.
                Fix one of them: set %s (e.g. jdbc:postgresql://host:5432/postgres?user=me&password=secret, \
                or %s and %s for the credentials), start Docker, or start the local server \
                (pg_ctlcluster --skip-systemctl-redirect 15 main start).""".formatted(
                        URL_VARIABLE,
                        CONTAINER_IMAGE,
                        dockerOutcome,
                        LOCAL_USER,
                        localOutcome,
                        URL_VARIABLE,
                        USER_VARIABLE,
                        PASSWORD_VARIABLE));
    }

    private static TestPostgres startContainer() {
        PostgreSQLContainer<?> container = new PostgreSQLContainer<>(DockerImageName.parse(CONTAINER_IMAGE));
        container.start();
        return new TestPostgres(
                PostgresUrl.parse(container.getJdbcUrl()),
                container.getUsername(),
                container.getPassword(),
                "in Testcontainers (" + CONTAINER_IMAGE + ") at " + container.getJdbcUrl());
    }

    private static @Nullable String probeLocal() {
        PGSimpleDataSource dataSource = dataSource(LOCAL_URL, LOCAL_USER, "");
        dataSource.setConnectTimeout(LOCAL_TIMEOUT_SECONDS);
        dataSource.setLoginTimeout(LOCAL_TIMEOUT_SECONDS);
        dataSource.setSocketTimeout(LOCAL_TIMEOUT_SECONDS);
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(LOCAL_TIMEOUT_SECONDS) ? null : "the connection was not valid";
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    /**
     * Asking Testcontainers without any sign of Docker costs seconds and logs an error, so it is only
     * asked when a socket, DOCKER_HOST or a Testcontainers configuration points at an engine.
     */
    private static boolean dockerEnvironmentPresent() {
        if (hasText(System.getenv("DOCKER_HOST")) || hasText(System.getenv("TESTCONTAINERS_DOCKER_SOCKET_OVERRIDE"))) {
            return true;
        }
        if (System.getProperty("os.name", "").toLowerCase().startsWith("windows")) {
            return true;
        }
        String home = System.getProperty("user.home", "");
        List<Path> sockets = new ArrayList<>(List.of(
                Path.of("/var/run/docker.sock"),
                Path.of("/run/docker.sock"),
                Path.of(home, ".docker", "run", "docker.sock"),
                Path.of(home, ".docker", "desktop", "docker.sock"),
                Path.of(home, ".colima", "default", "docker.sock"),
                Path.of(home, ".colima", "docker.sock"),
                Path.of(home, ".rd", "docker.sock"),
                Path.of(home, ".orbstack", "run", "docker.sock")));
        String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
        if (hasText(runtimeDir)) {
            sockets.add(Path.of(runtimeDir, "docker.sock"));
            sockets.add(Path.of(runtimeDir, "podman", "podman.sock"));
        }
        return sockets.stream().anyMatch(Files::exists)
                || testcontainersConfigured(Path.of(home, ".testcontainers.properties"));
    }

    private static boolean testcontainersConfigured(Path properties) {
        try {
            return Files.isReadable(properties)
                    && Files.readAllLines(properties).stream()
                            .map(String::strip)
                            .anyMatch(line ->
                                    line.startsWith("docker.host") || line.startsWith("docker.client.strategy"));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean hasText(@Nullable String value) {
        return value != null && !value.isBlank();
    }

    private static String firstNonBlank(@Nullable String first, @Nullable String second, String fallback) {
        if (first != null && !first.isBlank()) {
            return first;
        }
        return second != null && !second.isBlank() ? second : fallback;
    }
}
