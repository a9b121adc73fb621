package com.bakeryia.deletion;

import com.bakeryia.deletion.api.DeletionResult;
import java.sql.Connection;
import java.util.function.BiConsumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The service's {@link TenantDataDeletionService#afterErased} step, run on the run's connection: it
 * is bound to the thread for the step, so Spring's JDBC support (JdbcClient, JdbcTemplate,
 * transactions) uses it instead of asking the pool for a second one. Otherwise as many runs at once
 * as the pool has connections would each hold one and wait for another: a deadlock until the
 * pool's connection timeout.
 */
final class AfterErasureStep {

    private static final Logger log = LoggerFactory.getLogger(AfterErasureStep.class);

    private final DataSource dataSource;
    private final String schema;
    private final BiConsumer<DeletionResult, DeletionContext> step;

    AfterErasureStep(DataSource dataSource, String schema, BiConsumer<DeletionResult, DeletionContext> step) {
        this.dataSource = dataSource;
        this.schema = schema;
        this.step = step;
    }

    /** Runs the step with the run's result so far; an exception fails the run. */
    void run(Connection connection, DeletionRun run) {
        boolean bind = !TransactionSynchronizationManager.hasResource(dataSource);
        if (bind) {
            TransactionSynchronizationManager.bindResource(dataSource, new ConnectionHolder(connection));
        }
        try {
            step.accept(run.result(), run.context());
        } catch (RuntimeException e) {
            log.warn("After-erasure step for tenant {} in schema {} failed", run.tenantId(), schema, e);
            run.fail("after-erasure step of schema " + schema + " failed: " + e);
        } finally {
            if (bind) {
                TransactionSynchronizationManager.unbindResource(dataSource);
            }
        }
    }
}
