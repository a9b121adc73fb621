package com.bakeryia.deletion;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes a tenant's rows from the erased tables, children first, in passes. A pass deletes in one
 * transaction when the tenant has at most {@code deletion.single-transaction-max-rows} rows, else
 * in committed batches of {@code deletion.batch-size}, then re-counts. Rows still there, or a
 * foreign-key violation caused by a row written meanwhile, start another pass, up to {@code
 * deletion.max-passes}; rows left after the last one fail the run, naming their tables.
 */
final class RowPasses {

    private static final Logger log = LoggerFactory.getLogger(RowPasses.class);

    private static final String FOREIGN_KEY_VIOLATION = "23503";
    private static final String SINGLE_TRANSACTION = TenantErasureLedger.SINGLE_TRANSACTION;
    private static final String BATCHED = TenantErasureLedger.BATCHED;

    private final String schema;
    private final List<TableStatements> tables;
    private final TenantRowCounts counts;
    private final TenantErasureLedger ledger;
    private final List<TenantDataDeletionListener> listeners;
    private final int batchSize;
    private final long singleTransactionMaxRows;
    private final int maxPasses;

    RowPasses(
            String schema,
            List<TableStatements> tables,
            TenantRowCounts counts,
            TenantErasureLedger ledger,
            List<TenantDataDeletionListener> listeners,
            DeletionProperties properties) {
        this.schema = schema;
        this.tables = List.copyOf(tables);
        this.counts = counts;
        this.ledger = ledger;
        this.listeners = List.copyOf(listeners);
        this.batchSize = properties.batchSize();
        this.singleTransactionMaxRows = properties.singleTransactionMaxRows();
        this.maxPasses = properties.maxPasses();
        if (batchSize < 1 || maxPasses < 1 || singleTransactionMaxRows < 0) {
            throw new IllegalArgumentException("deletion.batch-size and deletion.max-passes must be at least 1,"
                    + " deletion.single-transaction-max-rows at least 0");
        }
    }

    void delete(Connection connection, DeletionRun run) throws SQLException {
        UUID tenantId = run.tenantId();
        while (run.passes() < maxPasses) {
            int pass = run.startPass();
            try {
                if (counts.atMost(connection, tenantId, singleTransactionMaxRows)) {
                    run.mode(SINGLE_TRANSACTION);
                    deleteInOneTransaction(connection, run);
                } else {
                    run.mode(BATCHED);
                    deleteInBatches(connection, run);
                }
            } catch (SQLException e) {
                if (!FOREIGN_KEY_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
                log.info(
                        "Pass {} for tenant {} in schema {} met a row written meanwhile ({}); next pass",
                        pass,
                        tenantId,
                        schema,
                        e.getMessage());
            }
            if (run.recounted(counts.remaining(connection, tenantId))) {
                return;
            }
        }
        run.remaining()
                .forEach((table, rows) -> run.fail(schema + "." + table + ": " + rows
                        + " rows of the tenant remain after " + run.passes() + " passes"));
    }

    /** Deletes every erased table in one transaction and writes its ledger rows in it before the commit. */
    private void deleteInOneTransaction(Connection connection, DeletionRun run) throws SQLException {
        connection.setAutoCommit(false);
        try {
            var deleted = new LinkedHashMap<String, Long>();
            for (TableStatements table : tables) {
                try (PreparedStatement delete = connection.prepareStatement(table.deleteAll())) {
                    delete.setObject(1, run.tenantId());
                    deleted.put(table.table(), (long) delete.executeUpdate());
                }
            }
            ledger.record(connection, run.tenantId(), run.jobId(), deleted, run.passes(), SINGLE_TRANSACTION);
            connection.commit();
            deleted.forEach(run::deleted);
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /**
     * Deletes table by table in batches, each batch a transaction of its own with its ledger row;
     * the listeners hear of a batch once it is committed.
     */
    private void deleteInBatches(Connection connection, DeletionRun run) throws SQLException {
        connection.setAutoCommit(false);
        try {
            for (TableStatements table : tables) {
                try (PreparedStatement delete = connection.prepareStatement(table.deleteBatch())) {
                    delete.setObject(1, run.tenantId());
                    delete.setInt(2, batchSize);
                    int rows;
                    do {
                        rows = deleteBatch(connection, delete, table.table(), run);
                        if (rows > 0) {
                            for (TenantDataDeletionListener listener : listeners) {
                                listener.batchCommitted(run.tenantId(), table.table(), rows);
                            }
                        }
                    } while (rows == batchSize);
                }
            }
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private int deleteBatch(Connection connection, PreparedStatement delete, String table, DeletionRun run)
            throws SQLException {
        try {
            int rows = delete.executeUpdate();
            ledger.record(connection, run.tenantId(), run.jobId(), Map.of(table, (long) rows), run.passes(), BATCHED);
            connection.commit();
            run.deleted(table, rows);
            return rows;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
    }
}
