package com.bakeryia.orchestrator.database;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Timeouts of every connection of the orchestrator (PostgreSQL's {@code statement_timeout} and
 * {@code lock_timeout}, set when the pool opens the connection), so that a row lock held elsewhere
 * or a stuck query makes a heartbeat, a poll or a request fail fast and try again instead of
 * hanging. Flyway's migrations run on the same connections: a migration that needs longer sets
 * {@code SET LOCAL statement_timeout} / {@code lock_timeout} at its top (Flyway runs each
 * PostgreSQL migration in its own transaction).
 *
 * @param statementTimeout the longest a statement may run (0 = no limit)
 * @param lockTimeout the longest a statement waits for a lock (0 = no limit)
 */
@ConfigurationProperties("orchestrator.database")
public record DatabaseProperties(
        @DefaultValue("15s") Duration statementTimeout,
        @DefaultValue("2s") Duration lockTimeout) {

    public DatabaseProperties {
        if (statementTimeout.isNegative() || lockTimeout.isNegative()) {
            throw new IllegalArgumentException("orchestrator.database.statement-timeout and lock-timeout must not be"
                    + " negative: " + statementTimeout + ", " + lockTimeout);
        }
    }

    /** The SQL that sets both timeouts on a new connection. */
    String connectionInitSql() {
        return "SET statement_timeout = " + statementTimeout.toMillis() + "; SET lock_timeout = "
                + lockTimeout.toMillis();
    }
}
