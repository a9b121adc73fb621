package com.bakeryia.testkit.postgres;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Advisory locks seen from outside, for tests that must act while a deletion run waits for one
 * (e.g. for a writer in flight before it fences a tenant).
 */
public final class AdvisoryLocks {

    private static final String COUNT_WAITING = """
            SELECT count(*) FROM pg_locks
            WHERE locktype = 'advisory' AND NOT granted
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """;

    private AdvisoryLocks() {}

    /**
     * Waits until some session of the database waits for an advisory lock.
     *
     * @param dataSource the database
     * @param timeout how long to wait before failing
     */
    public static void awaitWaiter(DataSource dataSource, Duration timeout) {
        var jdbc = new JdbcTemplate(dataSource);
        await("a session waiting for an advisory lock")
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> jdbc.queryForObject(COUNT_WAITING, Long.class) > 0);
    }
}
