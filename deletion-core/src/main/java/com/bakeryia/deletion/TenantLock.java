package com.bakeryia.deletion;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

/**
 * The per-tenant advisory lock of a run: a session lock on the run's connection, so that two runs
 * for one tenant in one service never interleave. Taking it sets the connection's {@code
 * lock_timeout} to {@code deletion.lock-timeout}, which then also bounds the run's fencing and
 * row-lock waits until {@link #resetTimeout()}.
 */
final class TenantLock {

    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private static final String SET_LOCK_TIMEOUT = "SELECT set_config('lock_timeout', ?, false)";
    private static final String RESET_LOCK_TIMEOUT = "RESET lock_timeout";
    private static final String LOCK_TENANT = "SELECT pg_advisory_lock(?, ?)";
    private static final String UNLOCK_TENANT = "SELECT pg_advisory_unlock(?, ?)";

    private final Connection connection;
    private final String schema;
    private final UUID tenantId;
    private final Duration timeout;
    private final int lockClass;
    private final int lockObject;

    TenantLock(Connection connection, String schema, UUID tenantId, Duration timeout) {
        this.connection = connection;
        this.schema = schema;
        this.tenantId = tenantId;
        this.timeout = timeout;
        this.lockClass = schema.hashCode();
        this.lockObject = tenantId.hashCode();
    }

    /** Whether the exception is a wait that outlasted the connection's {@code lock_timeout}. */
    static boolean timedOut(SQLException e) {
        return LOCK_NOT_AVAILABLE.equals(e.getSQLState());
    }

    /** Takes the lock; when another run holds it for longer than the timeout, fails the run instead. */
    boolean acquire(DeletionRun run) throws SQLException {
        try (PreparedStatement setTimeout = connection.prepareStatement(SET_LOCK_TIMEOUT);
                PreparedStatement lock = connection.prepareStatement(LOCK_TENANT)) {
            setTimeout.setString(1, timeout.toMillis() + "ms");
            setTimeout.execute();
            lock.setInt(1, lockClass);
            lock.setInt(2, lockObject);
            lock.execute();
            return true;
        } catch (SQLException e) {
            if (timedOut(e)) {
                run.fail("another deletion of tenant " + tenantId + " in schema " + schema
                        + " held its lock for longer than " + timeout + "; retry later");
                return false;
            }
            throw e;
        }
    }

    void release() throws SQLException {
        try (PreparedStatement unlock = connection.prepareStatement(UNLOCK_TENANT)) {
            unlock.setInt(1, lockClass);
            unlock.setInt(2, lockObject);
            unlock.execute();
        }
    }

    /** Gives the pooled connection back its configured {@code lock_timeout}. */
    void resetTimeout() throws SQLException {
        try (Statement reset = connection.createStatement()) {
            reset.execute(RESET_LOCK_TIMEOUT);
        }
    }
}
