package com.bakeryia.deletion;

import com.bakeryia.deletion.api.DeletionPreview;
import com.bakeryia.deletion.api.DeletionResult;
import com.bakeryia.deletion.api.ExternalDataUsage;
import com.bakeryia.fleet.ServiceIdentity;
import com.bakeryia.fleet.web.CanonicalUuidConverter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Runs previews and deletions of one schema's plan. A run holds one connection for its whole
 * length: the per-tenant advisory lock is a session lock on it, the tenant is fenced and every
 * batch commits on it.
 */
final class DeletionEngine {

    private static final Logger log = LoggerFactory.getLogger(DeletionEngine.class);
    private static final Logger audit = LoggerFactory.getLogger("com.bakeryia.deletion.audit");

    private static final String FOREIGN_KEY_VIOLATION = "23503";
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private static final String SET_LOCK_TIMEOUT = "SELECT set_config('lock_timeout', ?, false)";
    private static final String RESET_LOCK_TIMEOUT = "RESET lock_timeout";
    private static final String LOCK_TENANT = "SELECT pg_advisory_lock(?, ?)";
    private static final String UNLOCK_TENANT = "SELECT pg_advisory_unlock(?, ?)";

    private final ServiceIdentity identity;
    private final DataSource dataSource;
    private final DeletionPlan plan;
    private final TenantErasureFence fence;
    private final List<ExternalTenantData> externalData;
    private final List<TenantDataDeletionListener> listeners;
    private final int batchSize;
    private final long singleTransactionMaxRows;
    private final int maxPasses;
    private final Duration lockTimeout;
    private final BiConsumer<DeletionResult, DeletionContext> afterErased;
    private final Map<String, TableStatements> statements = new LinkedHashMap<>();

    DeletionEngine(
            ServiceIdentity identity,
            DataSource dataSource,
            DeletionPlan plan,
            TenantErasureFence fence,
            List<ExternalTenantData> externalData,
            List<TenantDataDeletionListener> listeners,
            DeletionProperties properties,
            BiConsumer<DeletionResult, DeletionContext> afterErased) {
        this.identity = identity;
        this.dataSource = dataSource;
        this.plan = plan;
        this.fence = fence;
        this.externalData = List.copyOf(externalData);
        this.listeners = List.copyOf(listeners);
        this.batchSize = properties.batchSize();
        this.singleTransactionMaxRows = properties.singleTransactionMaxRows();
        this.maxPasses = properties.maxPasses();
        this.lockTimeout = properties.lockTimeout();
        this.afterErased = afterErased;
        if (batchSize < 1 || maxPasses < 1 || singleTransactionMaxRows < 0) {
            throw new IllegalArgumentException("deletion.batch-size and deletion.max-passes must be at least 1,"
                    + " deletion.single-transaction-max-rows at least 0");
        }
        plan.deletionOrder().forEach(table -> statements.put(table, new TableStatements(plan.schema(), table)));
    }

    DeletionPlan plan() {
        return plan;
    }

    DeletionPreview preview(UUID tenantId) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setReadOnly(true);
            try {
                Map<String, Long> counts = count(connection, tenantId);
                var external = new LinkedHashMap<String, ExternalDataUsage>();
                externalData.forEach(data -> external.put(data.name(), data.usage(tenantId)));
                long total = counts.values().stream().mapToLong(Long::longValue).sum();
                return new DeletionPreview(tenantId, identity.name(), counts, plan.retained(), external, total);
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

    DeletionResult delete(UUID tenantId, DeletionContext context) {
        long started = System.nanoTime();
        var run = new Run(tenantId, context, started);
        try (Connection connection = dataSource.getConnection()) {
            run.execute(connection);
        } catch (SQLException e) {
            log.warn("Deletion of tenant {} in schema {} failed", tenantId, plan.schema(), e);
            run.errors.add("database error in schema " + plan.schema() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            log.warn("Deletion of tenant {} in schema {} aborted", tenantId, plan.schema(), e);
            run.errors.add("run aborted: " + e);
        }
        DeletionResult result = run.result(Duration.ofNanos(System.nanoTime() - started));
        writeAuditLine(result, context, run);
        for (TenantDataDeletionListener listener : listeners) {
            try {
                listener.deletionFinished(result, context);
            } catch (RuntimeException e) {
                log.warn("Deletion listener {} failed", listener, e);
            }
        }
        return result;
    }

    private Map<String, Long> count(Connection connection, UUID tenantId) throws SQLException {
        var counts = new LinkedHashMap<String, Long>();
        for (TableStatements table : statements.values()) {
            try (PreparedStatement count = connection.prepareStatement(table.count)) {
                count.setObject(1, tenantId);
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    counts.put(table.table, rs.getLong(1));
                }
            }
        }
        return counts;
    }

    private void writeAuditLine(DeletionResult result, DeletionContext context, Run run) {
        LoggingEventBuilder event = (result.success() ? audit.atInfo() : audit.atWarn())
                .addKeyValue("event", "tenant_data_deletion")
                .addKeyValue("service", identity.name())
                .addKeyValue("tenant_id", result.tenantId())
                .addKeyValue("job_id", context.jobId())
                .addKeyValue("caller", context.caller())
                .addKeyValue("outcome", result.success() ? "success" : "failure")
                .addKeyValue("verified", result.verified())
                .addKeyValue("mode", run.mode)
                .addKeyValue("passes", run.passes)
                .addKeyValue("rows_deleted", result.totalDeleted())
                .addKeyValue("duration_ms", result.durationMs())
                .addKeyValue("deleted_counts", result.deletedCounts())
                .addKeyValue("remaining_counts", result.remainingCounts())
                .addKeyValue("errors", result.errors());
        event.log(
                "tenant_data_deletion service={} tenant_id={} job_id={} caller={} outcome={} verified={} mode={}"
                        + " passes={} rows_deleted={} duration_ms={} deleted_counts={} remaining_counts={} errors={}",
                identity.name(),
                result.tenantId(),
                context.jobId(),
                context.caller(),
                result.success() ? "success" : "failure",
                result.verified(),
                run.mode,
                run.passes,
                result.totalDeleted(),
                result.durationMs(),
                result.deletedCounts(),
                result.remainingCounts(),
                result.errors());
    }

    /** The state of one deletion run. */
    private final class Run {

        private final UUID tenantId;
        private final DeletionContext context;
        private final long started;
        private final int lockClass;
        private final int lockObject;
        private final Map<String, Long> deleted = new LinkedHashMap<>();
        private final List<String> errors = new ArrayList<>();
        private final Map<String, ExternalDataUsage> externalDeleted = new LinkedHashMap<>();
        private Map<String, Long> remaining = Map.of();
        private boolean verified;
        private int passes;
        private String mode = "none";

        Run(UUID tenantId, DeletionContext context, long started) {
            this.tenantId = tenantId;
            this.context = context;
            this.started = started;
            this.lockClass = plan.schema().hashCode();
            this.lockObject = tenantId.hashCode();
            plan.deletionOrder().forEach(table -> deleted.put(table, 0L));
        }

        void execute(Connection connection) throws SQLException {
            try {
                if (!lock(connection)) {
                    return;
                }
                try {
                    if (!fenceTenant(connection)) {
                        return;
                    }
                    // Data outside PostgreSQL (files) is its own I/O: it goes while the rows are deleted.
                    List<ExternalDeletion> external = startExternalDeletion();
                    try {
                        deleteRows(connection);
                    } finally {
                        finishExternalDeletion(external);
                    }
                    if (errors.isEmpty() && verified) {
                        recordErasure(connection);
                    }
                } finally {
                    unlock(connection);
                }
            } finally {
                try (Statement reset = connection.createStatement()) {
                    reset.execute(RESET_LOCK_TIMEOUT);
                }
            }
        }

        private boolean lock(Connection connection) throws SQLException {
            try (PreparedStatement timeout = connection.prepareStatement(SET_LOCK_TIMEOUT);
                    PreparedStatement lock = connection.prepareStatement(LOCK_TENANT)) {
                timeout.setString(1, lockTimeout.toMillis() + "ms");
                timeout.execute();
                lock.setInt(1, lockClass);
                lock.setInt(2, lockObject);
                lock.execute();
                return true;
            } catch (SQLException e) {
                if (LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                    errors.add("another deletion of tenant " + tenantId + " in schema " + plan.schema()
                            + " held its lock for longer than " + lockTimeout + "; retry later");
                    return false;
                }
                throw e;
            }
        }

        /**
         * Fences the tenant before anything is deleted, so that once the passes count zero rows no
         * new one can appear; writes in flight are waited for and their rows erased by the passes.
         */
        private boolean fenceTenant(Connection connection) throws SQLException {
            String job = context.jobId();
            try {
                fence.fence(
                        connection, tenantId, CanonicalUuidConverter.parse(job).orElse(null));
                return true;
            } catch (SQLException e) {
                if (LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                    errors.add("writes of tenant " + tenantId + " to schema " + plan.schema()
                            + " were still in flight after " + lockTimeout
                            + "; the tenant is fenced once they end; retry later");
                    return false;
                }
                throw e;
            }
        }

        private void unlock(Connection connection) throws SQLException {
            try (PreparedStatement unlock = connection.prepareStatement(UNLOCK_TENANT)) {
                unlock.setInt(1, lockClass);
                unlock.setInt(2, lockObject);
                unlock.execute();
            }
        }

        private void deleteRows(Connection connection) throws SQLException {
            while (passes < maxPasses) {
                passes++;
                try {
                    if (fitsOneTransaction(connection)) {
                        mode = "single_transaction";
                        deleteInOneTransaction(connection);
                    } else {
                        mode = "batched";
                        deleteInBatches(connection);
                    }
                } catch (SQLException e) {
                    if (!FOREIGN_KEY_VIOLATION.equals(e.getSQLState())) {
                        throw e;
                    }
                    log.info(
                            "Pass {} for tenant {} in schema {} met a row written meanwhile ({}); next pass",
                            passes,
                            tenantId,
                            plan.schema(),
                            e.getMessage());
                }
                remaining = nonZero(count(connection, tenantId));
                if (remaining.isEmpty()) {
                    verified = true;
                    return;
                }
            }
            remaining.forEach((table, rows) -> errors.add(plan.schema() + "." + table + ": " + rows
                    + " rows of the tenant remain after " + passes + " passes"));
        }

        private boolean fitsOneTransaction(Connection connection) throws SQLException {
            long rows = 0;
            for (TableStatements table : statements.values()) {
                try (PreparedStatement probe = connection.prepareStatement(table.boundedCount)) {
                    probe.setObject(1, tenantId);
                    probe.setLong(2, singleTransactionMaxRows + 1 - rows);
                    try (ResultSet rs = probe.executeQuery()) {
                        rs.next();
                        rows += rs.getLong(1);
                    }
                }
                if (rows > singleTransactionMaxRows) {
                    return false;
                }
            }
            return true;
        }

        private void deleteInOneTransaction(Connection connection) throws SQLException {
            connection.setAutoCommit(false);
            try {
                var counts = new LinkedHashMap<String, Long>();
                for (TableStatements table : statements.values()) {
                    try (PreparedStatement delete = connection.prepareStatement(table.deleteAll)) {
                        delete.setObject(1, tenantId);
                        counts.put(table.table, (long) delete.executeUpdate());
                    }
                }
                connection.commit();
                counts.forEach((table, rows) -> deleted.merge(table, rows, Long::sum));
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }

        private void deleteInBatches(Connection connection) throws SQLException {
            for (TableStatements table : statements.values()) {
                try (PreparedStatement delete = connection.prepareStatement(table.deleteBatch)) {
                    delete.setObject(1, tenantId);
                    delete.setInt(2, batchSize);
                    int rows;
                    do {
                        rows = delete.executeUpdate();
                        deleted.merge(table.table, (long) rows, Long::sum);
                        if (rows > 0) {
                            for (TenantDataDeletionListener listener : listeners) {
                                listener.batchCommitted(tenantId, table.table, rows);
                            }
                        }
                    } while (rows == batchSize);
                }
            }
        }

        private List<ExternalDeletion> startExternalDeletion() {
            return externalData.stream()
                    .map(data -> {
                        var deletion = new FutureTask<>(() -> data.delete(tenantId));
                        Thread.ofVirtual()
                                .name("external-" + data.name() + "-" + tenantId)
                                .start(deletion);
                        return new ExternalDeletion(data, deletion);
                    })
                    .toList();
        }

        /** Waits for the external deletions, records what they removed and checks nothing is left. */
        private void finishExternalDeletion(List<ExternalDeletion> deletions) {
            for (ExternalDeletion pending : deletions) {
                ExternalTenantData data = pending.data();
                try {
                    ExternalDataDeletion deletion = pending.deletion().get();
                    externalDeleted.put(data.name(), deletion.deleted());
                    errors.addAll(deletion.failures());
                    ExternalDataUsage left = data.usage(tenantId);
                    if (!left.isEmpty()) {
                        verified = false;
                        errors.add(data.name() + ": " + left.items() + " items (" + left.bytes()
                                + " bytes) of the tenant remain");
                    }
                } catch (ExecutionException e) {
                    verified = false;
                    log.warn("Deleting {} of tenant {} failed", data.name(), tenantId, e.getCause());
                    errors.add(data.name() + ": deletion failed: " + e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    verified = false;
                    errors.add(data.name() + ": interrupted while waiting for its deletion");
                } catch (RuntimeException e) {
                    verified = false;
                    log.warn("Checking {} of tenant {} failed", data.name(), tenantId, e);
                    errors.add(data.name() + ": could not check what is left: " + e);
                }
            }
        }

        /**
         * Runs the service's after-erasure step on this run's connection: it is bound to the thread
         * for the step, so Spring's JDBC support (JdbcClient, JdbcTemplate, transactions) uses it
         * instead of asking the pool for a second one. Otherwise as many runs at once as the pool
         * has connections would each hold one and wait for another: a deadlock until the pool's
         * connection timeout.
         */
        private void recordErasure(Connection connection) {
            boolean bind = !TransactionSynchronizationManager.hasResource(dataSource);
            if (bind) {
                TransactionSynchronizationManager.bindResource(dataSource, new ConnectionHolder(connection));
            }
            try {
                afterErased.accept(result(Duration.ofNanos(System.nanoTime() - started)), context);
            } catch (RuntimeException e) {
                log.warn("After-erasure step for tenant {} in schema {} failed", tenantId, plan.schema(), e);
                errors.add("after-erasure step of schema " + plan.schema() + " failed: " + e);
            } finally {
                if (bind) {
                    TransactionSynchronizationManager.unbindResource(dataSource);
                }
            }
        }

        DeletionResult result(Duration duration) {
            boolean success = errors.isEmpty() && verified;
            return new DeletionResult(
                    tenantId,
                    identity.name(),
                    success,
                    deleted,
                    errors,
                    verified && errors.isEmpty(),
                    duration.toMillis(),
                    remaining,
                    externalDeleted);
        }
    }

    private static Map<String, Long> nonZero(Map<String, Long> counts) {
        return counts.entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    }

    /** A deletion of data outside PostgreSQL running beside the row deletion. */
    private record ExternalDeletion(ExternalTenantData data, FutureTask<ExternalDataDeletion> deletion) {}

    /** The SQL for one table, built once from quoted identifiers. */
    private static final class TableStatements {

        private final String table;
        private final String count;
        private final String boundedCount;
        private final String deleteAll;
        private final String deleteBatch;

        TableStatements(String schema, String table) {
            this.table = table;
            String qualified = quote(schema) + "." + quote(table);
            this.count = "SELECT count(*) FROM " + qualified + " WHERE tenant_id = ?";
            this.boundedCount =
                    "SELECT count(*) FROM (SELECT 1 FROM " + qualified + " WHERE tenant_id = ? LIMIT ?) AS probe";
            this.deleteAll = "DELETE FROM " + qualified + " WHERE tenant_id = ?";
            this.deleteBatch = "DELETE FROM " + qualified + " WHERE ctid = ANY(ARRAY(SELECT ctid FROM " + qualified
                    + " WHERE tenant_id = ? LIMIT ?))";
        }

        private static String quote(String identifier) {
            return '"' + identifier.replace("\"", "\"\"") + '"';
        }
    }
}
