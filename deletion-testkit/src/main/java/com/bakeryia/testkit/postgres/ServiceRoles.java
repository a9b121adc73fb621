package com.bakeryia.testkit.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's PostgreSQL roles on a test database, made by the fleet's own {@code scripts/db/roles.sql}
 * (found from the working directory upwards), for tests that prove what a runtime role may not do. The
 * roles are cluster-wide, so their names are unique ({@code t<hex>_<schema>_app} / {@code _owner}) and
 * {@link #close()} drops them (and what they own in the database) again.
 *
 * <pre>{@code
 * try (TestDatabase database = TestPostgres.server().createDatabase();
 *         ServiceRoles orders = ServiceRoles.create(database, "orders")) {
 *     flyway(orders.ownerDataSource()).migrate();
 *     new JdbcTemplate(orders.appDataSource()).update("INSERT ...");
 * }
 * }</pre>
 *
 * Close the roles before the database: dropping them needs it.
 */
public final class ServiceRoles implements AutoCloseable {

    /** The bootstrap of every service's roles, relative to the repository root. */
    public static final String ROLES_SQL = "scripts/db/roles.sql";

    private static final Logger log = LoggerFactory.getLogger(ServiceRoles.class);
    private static final Pattern PSQL_VARIABLE = Pattern.compile(":'([a-z_]+)'");

    private final TestDatabase database;
    private final String schema;
    private final String app;
    private final String owner;
    private final String password;

    private ServiceRoles(TestDatabase database, String schema, String app, String owner, String password) {
        this.database = database;
        this.schema = schema;
        this.app = app;
        this.owner = owner;
        this.password = password;
    }

    /** Runs roles.sql for the schema as the database's (super)user, with fresh role names. */
    public static ServiceRoles create(TestDatabase database, String schema) {
        String prefix =
                "t" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        String password = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        var roles = new ServiceRoles(
                database, schema, prefix + "_" + schema + "_app", prefix + "_" + schema + "_owner", password);
        roles.bootstrap();
        return roles;
    }

    /** Runs roles.sql again (it is idempotent), as {@code scripts/fleet up} does at every start. */
    public void bootstrap() {
        String sql = withVariables(
                read(rolesSql()),
                Map.of(
                        "schema", schema,
                        "owner", owner,
                        "app", app,
                        "owner_password", password,
                        "app_password", password));
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("roles.sql failed for schema " + schema + ": " + e.getMessage(), e);
        }
    }

    public String schema() {
        return schema;
    }

    /** The runtime role ({@code bakery_<schema>_app} in the fleet). */
    public String app() {
        return app;
    }

    /** The owner role ({@code bakery_<schema>_owner} in the fleet), which migrates. */
    public String owner() {
        return owner;
    }

    public String password() {
        return password;
    }

    /** Connections as the runtime role, unpooled. */
    public DataSource appDataSource() {
        return TestPostgres.dataSource(database.jdbcUrl(), app, password);
    }

    /** Connections as the owner role, unpooled. */
    public DataSource ownerDataSource() {
        return TestPostgres.dataSource(database.jdbcUrl(), owner, password);
    }

    /** Drops what the roles own in the database and their privileges, then the roles. */
    @Override
    public void close() {
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("DROP OWNED BY " + TestPostgres.quoted(app) + ", " + TestPostgres.quoted(owner));
            statement.execute("DROP ROLE IF EXISTS " + TestPostgres.quoted(app) + ", " + TestPostgres.quoted(owner));
        } catch (SQLException e) {
            log.warn("Could not drop the test roles {} and {}: {}", app, owner, e.getMessage());
        }
    }

    /** psql's {@code :'name'} variables as SQL string literals. */
    static String withVariables(String sql, Map<String, String> values) {
        Matcher variable = PSQL_VARIABLE.matcher(sql);
        var result = new StringBuilder();
        while (variable.find()) {
            String value = values.get(variable.group(1));
            if (value == null) {
                throw new IllegalArgumentException("roles.sql uses :'" + variable.group(1) + "', which has no value");
            }
            variable.appendReplacement(result, Matcher.quoteReplacement("'" + value.replace("'", "''") + "'"));
        }
        variable.appendTail(result);
        return result.toString();
    }

    /** {@value #ROLES_SQL} of the repository the working directory is in. */
    public static Path rolesSql() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path file = dir.resolve(ROLES_SQL);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        throw new IllegalStateException(
                "No " + ROLES_SQL + " above " + Path.of("").toAbsolutePath());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
