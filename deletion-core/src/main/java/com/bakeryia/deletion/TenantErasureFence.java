package com.bakeryia.deletion;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The write fence of a service's schema: once a deletion run has fenced a tenant, no row of that
 * tenant can be written into the schema's erased tables again. Without it a writer that outlives
 * the run (a job still running, a retried message, a bulk import) would bring rows back after the
 * run verified the tenant gone.
 *
 * <p>deletion-core installs it at start-up, after Flyway and through Flyway's data source (as the
 * schema's owner role, so that the runtime role needs no DDL): the table {@value #TABLE} (tenant id,
 * when, which job), and on every erased table of the plan two triggers that refuse a write for a
 * fenced tenant with SQLSTATE {@value #WRITE_REFUSED}: a statement-level {@code AFTER INSERT}
 * trigger reading the new rows from a transition table, so that a {@code COPY} or a multi-row
 * insert pays one check per statement; and a row-level {@code BEFORE UPDATE OF tenant_id} trigger
 * that runs only for rows moved to another tenant. Shared and retained tables get no trigger (a
 * tombstone is written for an erased tenant); rows with a null tenant (system rows) always pass.
 * The fence table is retained by design: it keeps nothing but the pseudonymous tenant id, and that
 * is what stops the tenant's data from coming back. It is never part of the plan.
 *
 * <p>A writer takes {@code pg_advisory_xact_lock_shared(k)} before it looks at the fence, and a run
 * takes {@code pg_advisory_xact_lock(k)} to fence, with {@code k = hashtextextended('<schema>:' ||
 * tenant_id, 0)} computed by PostgreSQL on both sides. So the run waits for writers in flight,
 * whose rows are then committed and erased by its passes, and every later writer sees the fence.
 * A writer at {@code REPEATABLE READ} or {@code SERIALIZABLE} whose snapshot predates the fence
 * cannot see it; it fails with a serialization failure (40001) instead, and a retry sees the fence.
 */
public final class TenantErasureFence {

    /** The table of fenced tenants that every schema with a deletion plan holds. */
    public static final String TABLE = "tenant_erasure_fence";

    /** The SQLSTATE of a write refused because its tenant has been erased from the schema. */
    public static final String WRITE_REFUSED = "BKF01";

    private static final Logger log = LoggerFactory.getLogger(TenantErasureFence.class);

    private static final String FUNCTION = "tenant_erasure_fence_refuse_writes";
    private static final String INSERT_TRIGGER = "tenant_erasure_fence_insert";
    private static final String UPDATE_TRIGGER = "tenant_erasure_fence_update";

    private static final String SET_LOCAL_LOCK_TIMEOUT = "SELECT set_config('lock_timeout', ?, true)";
    private static final String LOCK_SCHEMA = "SELECT pg_advisory_xact_lock(hashtextextended(?, 0))";
    private static final String LOCK_TENANT =
            "SELECT pg_advisory_xact_lock(hashtextextended(?::text || ':' || ?::uuid::text, 0))";

    private static final String PURGE_FENCED_BEFORE = """
            DELETE FROM {schema}.tenant_erasure_fence
            WHERE tenant_id IN (SELECT tenant_id FROM {schema}.tenant_erasure_fence
                                WHERE fenced_at < ? ORDER BY fenced_at LIMIT ? FOR UPDATE SKIP LOCKED)
            """;

    private static final String CREATE_TABLE = """
            CREATE TABLE IF NOT EXISTS {schema}.tenant_erasure_fence (
                tenant_id uuid        PRIMARY KEY,
                fenced_at timestamptz NOT NULL DEFAULT now(),
                job_id    uuid
            )
            """;

    private static final String COMMENT_TABLE = """
            COMMENT ON TABLE {schema}.tenant_erasure_fence IS 'Tenants erased from this schema; written by'
                ' deletion-core, which refuses every later write of their rows. Retained: it holds only the'
                ' pseudonymous tenant id, which keeps the erased data from coming back.'
            """;

    private static final String CREATE_FUNCTION = """
            CREATE OR REPLACE FUNCTION {schema}.tenant_erasure_fence_refuse_writes() RETURNS trigger
            LANGUAGE plpgsql AS $fence$
            DECLARE
                written uuid[];
                erased uuid;
            BEGIN
                IF TG_LEVEL = 'ROW' THEN
                    written := array_remove(ARRAY[NEW.tenant_id], NULL);
                ELSE
                    SELECT array_agg(tenant_id ORDER BY tenant_id) INTO written
                    FROM (SELECT DISTINCT tenant_id FROM written_rows WHERE tenant_id IS NOT NULL) AS tenants;
                END IF;
                IF cardinality(written) > 0 THEN
                    PERFORM pg_advisory_xact_lock_shared(hashtextextended('{name}:' || tenant::text, 0))
                    FROM unnest(written) AS tenant;
                    SELECT f.tenant_id INTO erased FROM {schema}.tenant_erasure_fence f
                    WHERE f.tenant_id = ANY (written) LIMIT 1;
                    IF erased IS NULL AND current_setting('transaction_isolation') <> 'read committed' THEN
                        -- A fence committed after this transaction's snapshot is invisible here, but an
                        -- insert of the same key conflicts with it and fails with a serialization failure.
                        BEGIN
                            INSERT INTO {schema}.tenant_erasure_fence (tenant_id) SELECT unnest(written)
                            ON CONFLICT DO NOTHING;
                            RAISE SQLSTATE 'BKF00';
                        EXCEPTION WHEN SQLSTATE 'BKF00' THEN
                            NULL;
                        END;
                    END IF;
                    IF erased IS NOT NULL THEN
                        RAISE EXCEPTION 'tenant % has been erased from schema {name}: writes are refused', erased
                            USING ERRCODE = 'BKF01', SCHEMA = TG_TABLE_SCHEMA, TABLE = TG_TABLE_NAME;
                    END IF;
                END IF;
                RETURN NEW;
            END
            $fence$
            """;

    private static final String CREATE_INSERT_TRIGGER = """
            CREATE OR REPLACE TRIGGER tenant_erasure_fence_insert AFTER INSERT ON {schema}.{table}
            REFERENCING NEW TABLE AS written_rows
            FOR EACH STATEMENT EXECUTE FUNCTION {schema}.tenant_erasure_fence_refuse_writes()
            """;

    private static final String CREATE_UPDATE_TRIGGER = """
            CREATE OR REPLACE TRIGGER tenant_erasure_fence_update BEFORE UPDATE OF tenant_id ON {schema}.{table}
            FOR EACH ROW WHEN (NEW.tenant_id IS DISTINCT FROM OLD.tenant_id)
            EXECUTE FUNCTION {schema}.tenant_erasure_fence_refuse_writes()
            """;

    private static final String DROP_TRIGGER = "DROP TRIGGER IF EXISTS {trigger} ON {schema}.{table}";

    private static final String SELECT_ACTIVE_TRIGGERS = """
            SELECT c.relname, t.tgname
            FROM pg_trigger t
            JOIN pg_class c ON c.oid = t.tgrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_proc p ON p.oid = t.tgfoid
            WHERE n.nspname = ? AND t.tgname IN (?, ?) AND t.tgenabled IN ('O', 'A')
              AND p.proname = ? AND p.pronamespace = n.oid
            """;

    private static final String SELECT_FENCE_TRIGGERS = """
            SELECT c.relname, t.tgname
            FROM pg_trigger t
            JOIN pg_class c ON c.oid = t.tgrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = ? AND t.tgname IN (?, ?)
            """;

    private static final String INSERT_FENCE = """
            INSERT INTO {schema}.tenant_erasure_fence (tenant_id, job_id) VALUES (?, ?)
            ON CONFLICT (tenant_id) DO NOTHING
            """;

    private static final String SELECT_FENCE = """
            SELECT job_id, fenced_at FROM {schema}.tenant_erasure_fence WHERE tenant_id = ?
            """;

    private final String schema;
    private final List<String> erasedTables;

    TenantErasureFence(DeletionPlan plan) {
        this.schema = plan.schema();
        this.erasedTables = plan.deletionOrder();
    }

    /**
     * Creates the fence table and function and the triggers each erased table lacks, and drops the
     * fence's triggers from tables no longer erased, in one transaction under a per-schema advisory
     * lock, so that instances starting together do not race. Triggers already in place are left
     * alone: re-creating them would lock every table against writes at each start.
     *
     * @throws IllegalStateException when the fence cannot be installed (the service must not start:
     *     it could not keep an erased tenant erased)
     */
    void install(DataSource dataSource, Duration lockTimeout) {
        var jdbc = new JdbcTemplate(dataSource);
        try {
            new TransactionTemplate(new DataSourceTransactionManager(dataSource)).executeWithoutResult(status -> {
                jdbc.queryForList(SET_LOCAL_LOCK_TIMEOUT, lockTimeout.toMillis() + "ms");
                jdbc.queryForList(LOCK_SCHEMA, TABLE + ":" + schema);
                jdbc.execute(sql(CREATE_TABLE));
                jdbc.execute(sql(COMMENT_TABLE));
                jdbc.execute(sql(CREATE_FUNCTION));
                Set<Trigger> active =
                        triggers(jdbc, SELECT_ACTIVE_TRIGGERS, schema, INSERT_TRIGGER, UPDATE_TRIGGER, FUNCTION);
                var created = new TreeSet<String>();
                for (String table : erasedTables) {
                    if (!active.contains(new Trigger(table, INSERT_TRIGGER))) {
                        jdbc.execute(sql(CREATE_INSERT_TRIGGER).replace("{table}", quote(table)));
                        created.add(table);
                    }
                    if (!active.contains(new Trigger(table, UPDATE_TRIGGER))) {
                        jdbc.execute(sql(CREATE_UPDATE_TRIGGER).replace("{table}", quote(table)));
                        created.add(table);
                    }
                }
                var dropped = new TreeSet<String>();
                for (Trigger trigger : triggers(jdbc, SELECT_FENCE_TRIGGERS, schema, INSERT_TRIGGER, UPDATE_TRIGGER)) {
                    if (!erasedTables.contains(trigger.table())) {
                        jdbc.execute(sql(DROP_TRIGGER)
                                .replace("{trigger}", quote(trigger.name()))
                                .replace("{table}", quote(trigger.table())));
                        dropped.add(trigger.table());
                    }
                }
                if (!created.isEmpty() || !dropped.isEmpty()) {
                    log.info(
                            "Erasure fence of schema {}: triggers installed on {}, removed from {}",
                            schema,
                            created,
                            dropped);
                }
            });
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "Could not install the erasure fence of schema " + schema + " (table " + TABLE
                            + ", its function and triggers; locks waited for at most " + lockTimeout + "): "
                            + e.getMessage(),
                    e);
        }
    }

    /**
     * Fences the tenant in a transaction of its own on the connection (which must be in auto-commit
     * mode): waits, within the connection's {@code lock_timeout}, for the tenant's writes in flight to
     * end, then records the tenant, keeping the first job that fenced it.
     *
     * @return the fence as it was before, when the tenant had already been fenced (by this job or an
     *     earlier one); null when this call fenced it
     * @throws SQLException with SQLSTATE 55P03 when writes in flight outlast the lock timeout
     */
    @Nullable
    Fenced fence(Connection connection, UUID tenantId, @Nullable UUID jobId) throws SQLException {
        connection.setAutoCommit(false);
        try (PreparedStatement lock = connection.prepareStatement(LOCK_TENANT);
                PreparedStatement select = connection.prepareStatement(sql(SELECT_FENCE));
                PreparedStatement insert = connection.prepareStatement(sql(INSERT_FENCE))) {
            lock.setString(1, schema);
            lock.setObject(2, tenantId);
            lock.execute();
            Fenced before = null;
            select.setObject(1, tenantId);
            try (ResultSet row = select.executeQuery()) {
                if (row.next()) {
                    before = new Fenced(
                            row.getObject(1, UUID.class),
                            row.getObject(2, OffsetDateTime.class).toInstant());
                }
            }
            if (before == null) {
                insert.setObject(1, tenantId);
                insert.setObject(2, jobId);
                insert.executeUpdate();
            }
            connection.commit();
            return before;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /**
     * The tenant's fence as the connection's transaction sees it, changing nothing.
     *
     * @return the fence, or null when no erasure of the tenant has begun in this schema
     */
    @Nullable
    Fenced fenceOf(Connection connection, UUID tenantId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql(SELECT_FENCE))) {
            select.setObject(1, tenantId);
            try (ResultSet row = select.executeQuery()) {
                return row.next()
                        ? new Fenced(
                                row.getObject(1, UUID.class),
                                row.getObject(2, OffsetDateTime.class).toInstant())
                        : null;
            }
        }
    }

    /**
     * A tenant's fence row.
     *
     * @param jobId the job that fenced the tenant first (null for a run without a job)
     * @param fencedAt when
     */
    record Fenced(@Nullable UUID jobId, Instant fencedAt) {}

    private static Set<Trigger> triggers(JdbcTemplate jdbc, String sql, Object... parameters) {
        return new HashSet<>(
                jdbc.query(sql, (rs, row) -> new Trigger(rs.getString("relname"), rs.getString("tgname")), parameters));
    }

    /** A trigger of the fence on a table of the schema. */
    private record Trigger(String table, String name) {}

    /**
     * Lifts the fence of at most {@code batch} tenants fenced before {@code before} (the retention
     * purge {@code tenant-erasure-fence}); rows another transaction holds are left to the next batch.
     *
     * @return how many
     */
    static int purgeFencedBefore(JdbcTemplate jdbc, String schema, java.time.Instant before, int batch) {
        return jdbc.update(
                PURGE_FENCED_BEFORE.replace("{schema}", quote(schema)), java.sql.Timestamp.from(before), batch);
    }

    private String sql(String template) {
        return template.replace("{schema}", quote(schema)).replace("{name}", schema);
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
