package com.bakeryia.testkit.data;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills every tenant-owned table of a schema (every table with a {@code tenant_id} column) with rows
 * of one tenant, reading what to write from the schema's catalog: column types and lengths, numeric
 * precision, NOT NULL, identity and serial columns, primary and unique keys, CHECK constraints and
 * foreign keys. Tables without {@code tenant_id} are shared and only read, as parents; {@code
 * flyway_schema_history} and deletion-core's {@code tenant_erasure_fence} and {@code tenant_erasure_ledger} are ignored.
 *
 * <p>Values fit their columns: the tenant in {@code tenant_id}; random UUIDs; sequence values for
 * identity and serial columns; every foreign key's columns copied from one parent row, a row of the
 * same tenant for a tenant-owned parent, an existing row for any other; text made of the column name,
 * a per-run token and the row index, cut to the column's length ({@code c<n>.<token>@example.test}
 * for columns named like email); a value of the literal list for {@code CHECK (x IN (...))};
 * positive numbers within the type's range and simple bounds ({@code x > 0}, {@code x BETWEEN 1 AND
 * 5}); row index based integers and instants for unique keys; date and time columns later in a row
 * never earlier than columns before them (declaration order, or the order CHECKs such as {@code
 * delivered_at >= ordered_at} require). A unique key made only of columns with few values (foreign
 * keys, booleans, literal lists) limits its table's rows to the combinations there are. Nullable
 * columns are filled too. A column type it cannot fill makes it throw an {@link
 * IllegalStateException} naming the column.
 *
 * <p>Rows are streamed with {@code COPY ... FROM STDIN}, parents first; only the parent columns that
 * foreign keys reference are kept in memory. One run is one transaction on one connection: a failure
 * leaves no row of it behind. After committing, it runs {@code ANALYZE} on the tables it filled.
 *
 * <p>Values are deterministic for a seed, a tenant and the how-many-th run of this instance, except
 * sequence values and values that continue what the table already holds. Row counts depend only on
 * the schema and the arguments. Instances are thread-safe; runs of one instance are serialized.
 */
public final class TenantDataGenerator {

    private static final Logger log = LoggerFactory.getLogger(TenantDataGenerator.class);
    private static final long TOKEN_LOW = 60_466_176L; // 36^5, so the token has six base-36 digits
    private static final long TOKEN_HIGH = 2_176_782_336L;

    private final DataSource dataSource;
    private final String schema;
    private final long seed;
    private long runs;

    /**
     * Creates a generator for one schema.
     *
     * @param dataSource where the schema lives
     * @param schema the schema whose tenant-owned tables are filled
     * @param seed seed of all random choices
     */
    public TenantDataGenerator(DataSource dataSource, String schema, long seed) {
        this.dataSource = dataSource;
        this.schema = schema;
        this.seed = seed;
    }

    /**
     * Writes {@code totalRows} rows of the tenant across all tenant-owned tables, more in deeper
     * tables: a table's share is proportional to {@code 2^depth}, its depth being the longest foreign
     * key path from a tenant-owned table without tenant-owned parents. Every table gets at least one
     * row when {@code totalRows} is at least the number of tables (else the first tables, parents
     * first, get one each). The counts sum to {@code totalRows} unless unique keys leave too little
     * room in every table.
     *
     * @param tenantId the tenant
     * @param totalRows rows to write in all
     * @return the rows written per table
     * @throws IllegalStateException when the schema cannot be filled (unsupported column type, empty
     *     shared parent, foreign key cycle) or the database rejects a row
     */
    public GeneratedTenant generate(UUID tenantId, long totalRows) {
        if (totalRows < 0) {
            throw new IllegalArgumentException("totalRows must not be negative: " + totalRows);
        }
        return run(tenantId, depths -> RowAllocation.byDepth(totalRows, depths), true);
    }

    /**
     * Writes {@code rowsPerTable} rows of the tenant into every tenant-owned table; fewer into a table
     * whose unique keys have room for fewer (e.g. one row where {@code tenant_id} alone is unique).
     *
     * @param tenantId the tenant
     * @param rowsPerTable rows to write into each table
     * @return the rows written per table
     * @throws IllegalStateException as {@link #generate(UUID, long)}
     */
    public GeneratedTenant generatePerTable(UUID tenantId, int rowsPerTable) {
        if (rowsPerTable < 0) {
            throw new IllegalArgumentException("rowsPerTable must not be negative: " + rowsPerTable);
        }
        return run(
                tenantId,
                depths -> {
                    long[] counts = new long[depths.length];
                    Arrays.fill(counts, rowsPerTable);
                    return counts;
                },
                false);
    }

    private synchronized GeneratedTenant run(UUID tenantId, Function<int[], long[]> desired, boolean keepTotal) {
        SplittableRandom random = new SplittableRandom(runSeed(tenantId, runs++));
        long started = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                GeneratedTenant generated = write(connection, tenantId, desired, keepTotal, random);
                connection.commit();
                analyze(connection, generated);
                connection.commit();
                log.debug(
                        "Generated {} rows of tenant {} in schema {} in {} ms",
                        generated.total(),
                        tenantId,
                        schema,
                        (System.nanoTime() - started) / 1_000_000);
                return generated;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Generating rows of tenant " + tenantId + " in schema " + schema + " failed: " + e.getMessage(), e);
        }
    }

    private GeneratedTenant write(
            Connection connection,
            UUID tenantId,
            Function<int[], long[]> desired,
            boolean keepTotal,
            SplittableRandom random)
            throws SQLException {
        Catalog catalog = Catalog.read(connection, schema);
        TableOrder order = TableOrder.of(catalog);
        String token = Long.toString(TOKEN_LOW + random.nextLong(TOKEN_HIGH - TOKEN_LOW), 36);
        Map<String, TablePlan> byName = new LinkedHashMap<>();
        List<TablePlan> plans = new ArrayList<>();
        for (Catalog.Table table : order.tables()) {
            TablePlan plan = new TablePlan(catalog, table, plans.size(), token);
            plans.add(plan);
            byName.put(table.name(), plan);
        }
        for (TablePlan plan : plans) {
            plan.link(byName, connection, tenantId);
        }
        long[] counts = RowAllocation.fit(
                desired.apply(order.depths()),
                RowAllocation.weights(order.depths()),
                (table, current) -> plans.get(table).capacity(current),
                keepTotal);
        ColumnValues.RowState row = new ColumnValues.RowState(random);
        Map<String, Long> written = new LinkedHashMap<>();
        for (TablePlan plan : plans) {
            try {
                plan.fill(connection, tenantId, counts, row);
            } catch (SQLException e) {
                throw new SQLException("writing " + plan.qualifiedName() + ": " + e.getMessage(), e.getSQLState(), e);
            }
            written.put(plan.name(), counts[plan.position()]);
        }
        return new GeneratedTenant(tenantId, written);
    }

    private void analyze(Connection connection, GeneratedTenant generated) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (Map.Entry<String, Long> table : generated.rowsPerTable().entrySet()) {
                if (table.getValue() > 0) {
                    statement.execute("ANALYZE " + Catalog.quote(schema) + "." + Catalog.quote(table.getKey()));
                }
            }
        }
    }

    private long runSeed(UUID tenantId, long run) {
        long mixed = seed * 0x9E37_79B9_7F4A_7C15L + tenantId.getMostSignificantBits();
        mixed = Long.rotateLeft(mixed, 29) * 0xBF58_476D_1CE4_E5B9L + tenantId.getLeastSignificantBits();
        return mixed ^ (run * 0x94D0_49BB_1331_11EBL);
    }
}
