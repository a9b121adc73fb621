package com.bakeryia.deletion;

import com.bakeryia.deletion.api.DeletionPreview;
import com.bakeryia.deletion.api.DeletionResult;
import com.bakeryia.fleet.ServiceIdentity;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.BiConsumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs previews and deletions of one schema's plan. A run holds one connection for its whole
 * length: the per-tenant advisory lock is a session lock on it, the tenant is fenced and every
 * batch commits on it.
 */
final class DeletionEngine {

    private static final Logger log = LoggerFactory.getLogger(DeletionEngine.class);

    private final ServiceIdentity identity;
    private final DataSource dataSource;
    private final DeletionPlan plan;
    private final Duration lockTimeout;
    private final TenantErasureFence fence;
    private final TenantErasureLedger ledger;
    private final TenantRowCounts counts;
    private final RowPasses rows;
    private final ExternalDataErasure externalData;
    private final AfterErasureStep afterErasure;
    private final DeletionAuditLog audit = new DeletionAuditLog();
    private final List<TenantDataDeletionListener> listeners;
    private final List<TableStatements> tables;
    private final List<ExternalTenantData> exportedData;

    DeletionEngine(
            ServiceIdentity identity,
            DataSource dataSource,
            DeletionPlan plan,
            TenantErasureFence fence,
            TenantErasureLedger ledger,
            List<ExternalTenantData> externalData,
            List<TenantDataDeletionListener> listeners,
            DeletionProperties properties,
            BiConsumer<DeletionResult, DeletionContext> afterErased) {
        this.identity = identity;
        this.dataSource = dataSource;
        this.plan = plan;
        this.lockTimeout = properties.lockTimeout();
        this.fence = fence;
        this.ledger = ledger;
        this.listeners = List.copyOf(listeners);
        List<TableStatements> tables = TableStatements.of(plan);
        this.tables = tables;
        this.exportedData = List.copyOf(externalData);
        this.counts = new TenantRowCounts(tables);
        this.rows = new RowPasses(plan.schema(), tables, counts, ledger, this.listeners, properties);
        this.externalData = new ExternalDataErasure(externalData);
        this.afterErasure = new AfterErasureStep(dataSource, plan.schema(), afterErased);
    }

    DeletionPlan plan() {
        return plan;
    }

    DeletionPreview preview(UUID tenantId) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setReadOnly(true);
            try {
                Map<String, Long> rowCounts = counts.count(connection, tenantId);
                long total =
                        rowCounts.values().stream().mapToLong(Long::longValue).sum();
                return new DeletionPreview(
                        tenantId, identity.name(), rowCounts, plan.retained(), externalData.usage(tenantId), total);
            } finally {
                connection.setReadOnly(false);
            }
        } catch (SQLException e) {
            throw new TenantDataAccessException(
                    "Could not count rows of tenant " + tenantId + " in schema " + plan.schema() + ": "
                            + e.getMessage(),
                    e);
        }
    }

    TenantDataExport openExport(UUID tenantId) {
        try {
            return TenantDataExport.open(
                    identity.name(), plan, tables, fence, exportedData, listeners, dataSource, tenantId);
        } catch (SQLException e) {
            throw new TenantDataAccessException(
                    "Could not take a snapshot of tenant " + tenantId + " in schema " + plan.schema() + ": "
                            + e.getMessage(),
                    e);
        }
    }

    DeletionResult delete(UUID tenantId, DeletionContext context) {
        var run = new DeletionRun(identity.name(), plan.deletionOrder(), tenantId, context);
        try (Connection connection = dataSource.getConnection()) {
            erase(connection, run);
        } catch (SQLException e) {
            log.warn("Deletion of tenant {} in schema {} failed", tenantId, plan.schema(), e);
            run.fail("database error in schema " + plan.schema() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            log.warn("Deletion of tenant {} in schema {} aborted", tenantId, plan.schema(), e);
            run.fail("run aborted: " + e);
        }
        DeletionResult result = run.result();
        audit.write(result, run);
        notifyListeners(result, context);
        return result;
    }

    private void erase(Connection connection, DeletionRun run) throws SQLException {
        var lock = new TenantLock(connection, plan.schema(), run.tenantId(), lockTimeout);
        try {
            if (!lock.acquire(run)) {
                return;
            }
            try {
                if (fenceTenant(connection, run)) {
                    eraseFenced(connection, run);
                }
            } finally {
                lock.release();
            }
        } finally {
            lock.resetTimeout();
        }
    }

    /**
     * Fences the tenant before anything is deleted, so that once the passes count zero rows no
     * new one can appear; writes in flight are waited for and their rows erased by the passes. A
     * fence of another job found in place is recorded as {@code erased_before}.
     */
    private boolean fenceTenant(Connection connection, DeletionRun run) throws SQLException {
        try {
            TenantErasureFence.Fenced before = fence.fence(connection, run.tenantId(), run.jobId());
            if (before != null && !Objects.equals(before.jobId(), run.jobId())) {
                run.erasedBefore(new DeletionResult.ErasedBefore(before.jobId(), before.fencedAt()));
            }
            return true;
        } catch (SQLException e) {
            if (TenantLock.timedOut(e)) {
                run.fail("writes of tenant " + run.tenantId() + " to schema " + plan.schema()
                        + " were still in flight after " + lockTimeout
                        + "; the tenant is fenced once they end; retry later");
                return false;
            }
            throw e;
        }
    }

    private void eraseFenced(Connection connection, DeletionRun run) throws SQLException {
        List<ExternalDataErasure.Deletion> external = externalData.start(run.tenantId());
        try {
            try {
                rows.delete(connection, run);
            } finally {
                externalData.finish(external, run);
            }
        } finally {
            readLedger(connection, run);
        }
        if (run.succeeded()) {
            afterErasure.run(connection, run);
        }
    }

    /**
     * Reads what the run's job erased over all its runs (also after a failure, when the connection
     * still answers); a run without a job keeps its own counts.
     */
    private void readLedger(Connection connection, DeletionRun run) {
        UUID job = run.jobId();
        if (job == null) {
            return;
        }
        try {
            run.jobDeleted(ledger.sums(connection, run.tenantId(), job));
        } catch (SQLException e) {
            log.warn(
                    "Could not read the erasure ledger of tenant {} and job {} in schema {}; answering this run's"
                            + " counts",
                    run.tenantId(),
                    job,
                    plan.schema(),
                    e);
            run.unverified("could not read the erasure ledger of schema " + plan.schema() + ": " + e.getMessage());
        }
    }

    private void notifyListeners(DeletionResult result, DeletionContext context) {
        for (TenantDataDeletionListener listener : listeners) {
            try {
                listener.deletionFinished(result, context);
            } catch (RuntimeException e) {
                log.warn("Deletion listener {} failed", listener, e);
            }
        }
    }
}
