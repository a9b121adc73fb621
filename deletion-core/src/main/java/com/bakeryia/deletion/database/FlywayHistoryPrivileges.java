package com.bakeryia.deletion.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.Configuration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After each migration, takes every write privilege on Flyway's history table from every role but its
 * owner: the schema owner's default privileges (scripts/db/roles.sql) give the runtime role DML on each
 * table the owner creates, the history table included, and a runtime role that could edit the history
 * could make Flyway skip a migration. Runs on Flyway's connection, as the owner; on a database where
 * Flyway runs as the same user as the service (tests), there is nothing to take.
 */
final class FlywayHistoryPrivileges implements Callback {

    private static final Logger log = LoggerFactory.getLogger(FlywayHistoryPrivileges.class);

    private static final String WRITE_PRIVILEGES = "INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER";

    private static final String SELECT_WRITERS = """
            SELECT DISTINCT quote_ident(pg_get_userbyid(a.grantee))
            FROM pg_class c, aclexplode(c.relacl) a
            WHERE c.oid = to_regclass(?) AND a.grantee <> c.relowner AND a.grantee <> 0
              AND a.privilege_type IN ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER')
            """;

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.AFTER_MIGRATE;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        String table = historyTable(context.getConfiguration());
        if (table == null) {
            return;
        }
        Connection connection = context.getConnection();
        try {
            List<String> writers = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(SELECT_WRITERS)) {
                select.setString(1, table);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        writers.add(rs.getString(1));
                    }
                }
            }
            if (writers.isEmpty()) {
                return;
            }
            try (Statement revoke = connection.createStatement()) {
                revoke.execute("REVOKE " + WRITE_PRIVILEGES + " ON " + table + " FROM " + String.join(", ", writers));
            }
            log.info("Flyway history {}: write privileges taken from {}", table, writers);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Could not take the write privileges on " + table + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String getCallbackName() {
        return "bakery-flyway-history-privileges";
    }

    private static @Nullable String historyTable(Configuration configuration) {
        String schema = configuration.getDefaultSchema();
        if (schema == null && configuration.getSchemas().length > 0) {
            schema = configuration.getSchemas()[0];
        }
        if (schema == null) {
            return null;
        }
        return quote(schema) + "." + quote(configuration.getTable());
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
