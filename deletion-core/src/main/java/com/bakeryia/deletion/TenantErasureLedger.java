package com.bakeryia.deletion;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What each deletion run erased, per job, kept in the service's own schema beside the {@link
 * TenantErasureFence}: one row per committed delete (a batch, or a table in a single-transaction
 * pass), written <em>in the transaction of that delete</em>. So a count is recorded exactly when
 * its rows are gone, whatever crashes afterwards, and a job's cumulative counts (its rows' sum
 * over all runs) equal what was in PostgreSQL before its first run, however often it was cut off
 * and run again. A delete of no row writes no ledger row.
 *
 * <p>deletion-core creates it at start-up, after Flyway (through its data source, as the schema's
 * owner role) and before the fence, in a transaction of
 * its own under a per-schema advisory lock. Like the fence it is retained by design and never part
 * of the plan, the preview or the counts: it holds the pseudonymous tenant id, the job id, table
 * names and numbers, nothing of the tenant's content.
 */
public final class TenantErasureLedger {

    /** The ledger table that every schema with a deletion plan holds. */
    public static final String TABLE = "tenant_erasure_ledger";

    /** The {@code mode} of a row deleted in the one transaction of a pass. */
    static final String SINGLE_TRANSACTION = "single_transaction";

    /** The {@code mode} of a row deleted in a committed batch. */
    static final String BATCHED = "batched";

    private static final String SET_LOCAL_LOCK_TIMEOUT = "SELECT set_config('lock_timeout', ?, true)";
    private static final String LOCK_SCHEMA = "SELECT pg_advisory_xact_lock(hashtextextended(?, 0))";

    private static final String CREATE_TABLE = """
            CREATE TABLE IF NOT EXISTS {schema}.tenant_erasure_ledger (
                id         bigserial   PRIMARY KEY,
                tenant_id  uuid        NOT NULL,
                job_id     uuid,
                table_name text        NOT NULL,
                rows       bigint      NOT NULL CHECK (rows > 0),
                pass       integer     NOT NULL,
                mode       text        NOT NULL CHECK (mode IN ('single_transaction', 'batched')),
                erased_at  timestamptz NOT NULL DEFAULT now()
            )
            """;

    private static final String CREATE_INDEX = """
            CREATE INDEX IF NOT EXISTS tenant_erasure_ledger_tenant_job ON {schema}.tenant_erasure_ledger (tenant_id, job_id)
            """;

    private static final String COMMENT_TABLE = """
            COMMENT ON TABLE {schema}.tenant_erasure_ledger IS 'Rows erased per tenant, job and table, one row per'
                ' committed delete, written by deletion-core in the transaction of that delete. Retained: it holds'
                ' only pseudonymous ids and counts, the proof of what each job erased.'
            """;

    private static final String INSERT = """
            INSERT INTO {schema}.tenant_erasure_ledger (tenant_id, job_id, table_name, rows, pass, mode)
            VALUES (?, ?, ?, ?, ?, ?)
            """;

    /** Rows of jobs whose every row in this schema is older than the cut-off. */
    private static final String PURGE_ERASED_BEFORE = """
            DELETE FROM {schema}.tenant_erasure_ledger
            WHERE id IN (SELECT l.id FROM {schema}.tenant_erasure_ledger l
                         WHERE l.erased_at < ?
                           AND NOT EXISTS (SELECT 1 FROM {schema}.tenant_erasure_ledger n
                                           WHERE n.tenant_id = l.tenant_id AND n.job_id IS NOT DISTINCT FROM l.job_id
                                             AND n.erased_at >= ?)
                         ORDER BY l.id LIMIT ? FOR UPDATE SKIP LOCKED)
            """;

    private static final String SUMS = """
            SELECT table_name, sum(rows) FROM {schema}.tenant_erasure_ledger
            WHERE tenant_id = ? AND job_id = ? GROUP BY table_name
            """;

    private final String schema;
    private final List<String> erasedTables;

    TenantErasureLedger(DeletionPlan plan) {
        this.schema = plan.schema();
        this.erasedTables = plan.deletionOrder();
    }

    /**
     * Creates the ledger table and its index if missing, in one transaction under a per-schema
     * advisory lock, so that instances starting together do not race.
     *
     * @throws IllegalStateException when the ledger cannot be created (the service must not start:
     *     its answers would not survive a crash)
     */
    void install(DataSource dataSource, Duration lockTimeout) {
        var jdbc = new JdbcTemplate(dataSource);
        try {
            new TransactionTemplate(new DataSourceTransactionManager(dataSource)).executeWithoutResult(status -> {
                jdbc.queryForList(SET_LOCAL_LOCK_TIMEOUT, lockTimeout.toMillis() + "ms");
                jdbc.queryForList(LOCK_SCHEMA, TABLE + ":" + schema);
                jdbc.execute(sql(CREATE_TABLE));
                jdbc.execute(sql(CREATE_INDEX));
                jdbc.execute(sql(COMMENT_TABLE));
            });
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "Could not install the erasure ledger of schema " + schema + " (table " + TABLE
                            + "; locks waited for at most " + lockTimeout + "): " + e.getMessage(),
                    e);
        }
    }

    /**
     * Records deleted rows in the connection's open transaction (auto-commit must be off), one row
     * per table with more than zero rows; commits nothing.
     *
     * @param deleted rows deleted per table by the delete(s) of this transaction
     */
    void record(
            Connection connection,
            UUID tenantId,
            @Nullable UUID jobId,
            Map<String, Long> deleted,
            int pass,
            String mode)
            throws SQLException {
        if (connection.getAutoCommit()) {
            throw new IllegalStateException("ledger rows must be written in the transaction of their delete");
        }
        try (PreparedStatement insert = connection.prepareStatement(sql(INSERT))) {
            int rows = 0;
            for (Map.Entry<String, Long> table : deleted.entrySet()) {
                if (table.getValue() > 0) {
                    insert.setObject(1, tenantId);
                    insert.setObject(2, jobId);
                    insert.setString(3, table.getKey());
                    insert.setLong(4, table.getValue());
                    insert.setInt(5, pass);
                    insert.setString(6, mode);
                    insert.addBatch();
                    rows++;
                }
            }
            if (rows > 0) {
                insert.executeBatch();
            }
        }
    }

    /**
     * What the job erased of the tenant over all its runs: every erased table of the plan, in
     * deletion order, zeros included (a table no longer erased but in the ledger is left out).
     */
    Map<String, Long> sums(Connection connection, UUID tenantId, UUID jobId) throws SQLException {
        var byTable = new HashMap<String, Long>();
        try (PreparedStatement select = connection.prepareStatement(sql(SUMS))) {
            select.setObject(1, tenantId);
            select.setObject(2, jobId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    byTable.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        var sums = new LinkedHashMap<String, Long>();
        erasedTables.forEach(table -> sums.put(table, byTable.getOrDefault(table, 0L)));
        return sums;
    }

    /**
     * Deletes at most {@code batch} ledger rows of jobs (per tenant) that erased nothing in this
     * schema since {@code before} (the retention purge {@code tenant-erasure-ledger}), so a job
     * still being run keeps all its rows.
     *
     * @return how many
     */
    static int purgeErasedBefore(JdbcTemplate jdbc, String schema, java.time.Instant before, int batch) {
        var cutOff = java.sql.Timestamp.from(before);
        return jdbc.update(PURGE_ERASED_BEFORE.replace("{schema}", quote(schema)), cutOff, cutOff, batch);
    }

    private String sql(String template) {
        return template.replace("{schema}", quote(schema));
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
