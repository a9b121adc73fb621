package com.bakeryia.testkit.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

final class ServerCatalog {

    private ServerCatalog() {}

    static boolean databaseExists(TestDatabase observer, String name) {
        try (Connection connection = observer.dataSource().getConnection();
                PreparedStatement statement =
                        connection.prepareStatement("SELECT count(*) FROM pg_database WHERE datname = ?")) {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1) == 1;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
