package com.bakeryia.orchestrator.database;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.orchestrator.store.FailureReason;
import com.bakeryia.orchestrator.store.JobLease;
import com.bakeryia.orchestrator.store.JobStore;
import com.bakeryia.orchestrator.support.OrchestratorTestSupport;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/** Every connection of the orchestrator has a statement and a lock timeout: a row lock held elsewhere does not stall it. */
@TestPropertySource(properties = "orchestrator.worker.enabled=false")
class DatabaseTimeoutsIntegrationTests extends OrchestratorTestSupport {

    /** PostgreSQL's lock_not_available: a lock wait ended by lock_timeout. */
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    @Autowired
    private DataSource dataSource;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private JobStore leases;

    @Test
    void everyConnectionRunsWithTheConfiguredTimeouts() {
        assertThat(jdbc.sql("SHOW statement_timeout").query(String.class).single())
                .isEqualTo("15s");
        assertThat(jdbc.sql("SHOW lock_timeout").query(String.class).single()).isEqualTo("2s");
    }

    @Test
    void aRowLockHeldElsewhereFailsTheHeartbeatFastAndPollingClaimsAnotherJob() throws Exception {
        UUID runningJob = createJob(UUID.randomUUID());
        JobLease lease =
                leases.claimNext("locked-out-worker", Duration.ofSeconds(30)).orElseThrow();
        assertThat(lease.jobId()).isEqualTo(runningJob);
        UUID lockedDueJob = createJob(UUID.randomUUID());
        UUID freeDueJob = createJob(UUID.randomUUID());

        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            lockRows(other, List.of(runningJob, lockedDueJob));

            CompletableFuture<Optional<java.time.Instant>> heartbeat =
                    CompletableFuture.supplyAsync(() -> leases.renew(lease, Duration.ofSeconds(30)));
            Throwable failure = null;
            try {
                heartbeat.get(60, TimeUnit.SECONDS);
            } catch (ExecutionException ex) {
                failure = ex.getCause();
            } catch (TimeoutException ex) {
                throw new AssertionError("the heartbeat hangs behind the row lock", ex);
            }
            assertThat(failure).as("the heartbeat fails on the lock").isNotNull();
            assertThat(sqlStateOf(failure)).isEqualTo(LOCK_NOT_AVAILABLE);

            JobLease claimed =
                    leases.claimNext("polling-worker", Duration.ofSeconds(30)).orElseThrow();
            assertThat(claimed.jobId()).as("the locked due job is skipped").isEqualTo(freeDueJob);
            leases.failJob(claimed, FailureReason.REJECTED, "ended by the test");

            other.rollback();
        }
        assertThat(leases.renew(lease, Duration.ofSeconds(30)))
                .as("once the lock is gone the heartbeat renews")
                .isPresent();
        leases.failJob(lease, FailureReason.REJECTED, "ended by the test");
        JobLease last =
                leases.claimNext("polling-worker", Duration.ofSeconds(30)).orElseThrow();
        assertThat(last.jobId()).isEqualTo(lockedDueJob);
        leases.failJob(last, FailureReason.REJECTED, "ended by the test");
    }

    private static void lockRows(Connection connection, List<UUID> jobIds) throws SQLException {
        try (PreparedStatement lock =
                connection.prepareStatement("SELECT id FROM deletion_job WHERE id = ANY(?) FOR UPDATE")) {
            lock.setArray(1, connection.createArrayOf("uuid", jobIds.toArray()));
            lock.executeQuery().close();
        }
    }

    private static String sqlStateOf(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return "none: " + failure;
    }
}
