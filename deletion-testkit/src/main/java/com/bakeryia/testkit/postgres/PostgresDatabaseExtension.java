package com.bakeryia.testkit.postgres;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A fresh database for one test class, created before its tests and dropped after them, for tests
 * that need PostgreSQL but no Spring application:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PostgresDatabaseExtension postgres = new PostgresDatabaseExtension();
 * }</pre>
 */
public final class PostgresDatabaseExtension implements BeforeAllCallback, AfterAllCallback {

    private static final int POOL_SIZE = 6;

    private @Nullable TestDatabase database;
    private @Nullable HikariDataSource dataSource;

    @Override
    public void beforeAll(ExtensionContext context) {
        TestDatabase created = TestPostgres.server().createDatabase();
        HikariDataSource pool = new HikariDataSource();
        pool.setPoolName(created.name());
        pool.setJdbcUrl(created.jdbcUrl());
        pool.setUsername(created.username());
        pool.setPassword(created.password());
        pool.setMaximumPoolSize(POOL_SIZE);
        this.database = created;
        this.dataSource = pool;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (dataSource != null) {
            dataSource.close();
        }
        if (database != null) {
            database.close();
        }
    }

    /** The database; only between {@code beforeAll} and {@code afterAll}. */
    public TestDatabase database() {
        if (database == null) {
            throw new IllegalStateException("Register the extension as a static @RegisterExtension field");
        }
        return database;
    }

    /** A small connection pool to the database (at most six connections). */
    public DataSource dataSource() {
        if (dataSource == null) {
            throw new IllegalStateException("Register the extension as a static @RegisterExtension field");
        }
        return dataSource;
    }

    /** A {@link JdbcTemplate} on {@link #dataSource()}. */
    public JdbcTemplate jdbc() {
        return new JdbcTemplate(dataSource());
    }
}
