package com.bakeryia.deletion.web;

import com.bakeryia.deletion.DeletionProperties;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * How many deletion runs the delete endpoint serves at once ({@code deletion.max-concurrent-runs}).
 * Each run holds a pool connection for its whole length, so a run beyond the pool would wait for a
 * connection up to the pool's timeout (30 s) and then fail; instead it waits, first come first
 * served, up to {@code deletion.busy-wait} for a run to end, and is otherwise refused with {@code
 * Retry-After} ({@code deletion.busy-retry-after}), and the caller comes back later.
 */
final class DeletionCapacity {

    private final int limit;
    private final Duration wait;
    private final Duration retryAfter;
    private final Semaphore runs;

    DeletionCapacity(int limit, Duration wait, Duration retryAfter) {
        this.limit = limit;
        this.wait = wait;
        this.retryAfter = retryAfter;
        this.runs = new Semaphore(limit, true);
    }

    /**
     * The capacity the properties set, else the Hikari pool's {@code maximum-pool-size} minus one
     * (at least 1; one connection stays for previews and the rest of the service), else {@value
     * DeletionProperties#DEFAULT_MAX_CONCURRENT_RUNS}.
     */
    static DeletionCapacity of(DeletionProperties properties, @Nullable DataSource dataSource) {
        Integer configured = properties.maxConcurrentRuns();
        int limit = configured != null ? configured : fromPool(dataSource);
        return new DeletionCapacity(limit, properties.busyWait(), properties.busyRetryAfter());
    }

    private static int fromPool(@Nullable DataSource dataSource) {
        HikariDataSource hikari = hikari(dataSource);
        if (hikari == null) {
            return DeletionProperties.DEFAULT_MAX_CONCURRENT_RUNS;
        }
        return Math.max(1, hikari.getMaximumPoolSize() - 1);
    }

    private static @Nullable HikariDataSource hikari(@Nullable DataSource dataSource) {
        if (dataSource instanceof HikariDataSource hikari) {
            return hikari;
        }
        try {
            if (dataSource != null && dataSource.isWrapperFor(HikariDataSource.class)) {
                return dataSource.unwrap(HikariDataSource.class);
            }
        } catch (SQLException e) {
            return null;
        }
        return null;
    }

    /** Takes a run's place, waiting up to {@code deletion.busy-wait} for one to be free. */
    boolean tryAcquire() {
        try {
            return runs.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Gives back the place of a run that ended. */
    void release() {
        runs.release();
    }

    int limit() {
        return limit;
    }

    /** The {@code Retry-After} in whole seconds, at least 1. */
    long retryAfterSeconds() {
        long seconds = retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
