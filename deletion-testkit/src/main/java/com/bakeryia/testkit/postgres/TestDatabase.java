package com.bakeryia.testkit.postgres;

import javax.sql.DataSource;

/**
 * A database created for tests by {@link TestPostgres#createDatabase()}; closing it drops it.
 *
 * @param name the database name, {@code bakery_test_<epochSeconds>_<random hex>}
 * @param jdbcUrl JDBC URL of the database, without credentials
 * @param username user to connect as
 * @param password password of that user, empty when the server needs none
 */
public record TestDatabase(String name, String jdbcUrl, String username, String password) implements AutoCloseable {

    /**
     * Returns a data source without pooling: every {@code getConnection()} opens a new connection.
     *
     * @return a data source connecting to this database
     */
    public DataSource dataSource() {
        return TestPostgres.dataSource(jdbcUrl, username, password);
    }

    /**
     * Drops the database on {@link TestPostgres#server()}, terminating connections still open on it.
     * Does nothing when it is already gone.
     */
    @Override
    public void close() {
        TestPostgres.server().dropDatabase(name);
    }
}
