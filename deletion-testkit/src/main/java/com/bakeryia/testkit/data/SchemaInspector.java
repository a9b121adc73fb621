package com.bakeryia.testkit.data;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Looks at a schema's data directly, for tests of tenant deletion: row counts and checksums of one
 * tenant, checksums of shared tables, and foreign keys that point nowhere.
 *
 * <p>The catalog (tables and foreign keys) is read once, when the inspector is created; a foreign key
 * dropped afterwards is still checked by {@link #danglingReferences()}. Tenant-owned tables are those
 * with a {@code tenant_id} column, shared tables the others; both lists are sorted by name and leave
 * out {@code flyway_schema_history} and deletion-core's {@code tenant_erasure_fence} and {@code
 * tenant_erasure_ledger}, which keep the id of every erased tenant by design.
 */
public final class SchemaInspector {

    private static final String ALIAS = "inspected_row";
    private static final int DANGLING_EXAMPLES = 3;

    private final DataSource dataSource;
    private final Catalog catalog;

    /**
     * Reads the schema's catalog.
     *
     * @param dataSource where the schema lives
     * @param schema the schema to inspect
     * @throws IllegalStateException when the schema does not exist or cannot be read
     */
    public SchemaInspector(DataSource dataSource, String schema) {
        this.dataSource = dataSource;
        try (Connection connection = dataSource.getConnection()) {
            this.catalog = Catalog.read(connection, schema);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the catalog of schema " + schema, e);
        }
    }

    /**
     * Returns the tables that hold tenant data.
     *
     * @return names of the tables with a {@code tenant_id} column
     */
    public List<String> tenantTables() {
        return catalog.tenantTables().stream().map(Catalog.Table::name).toList();
    }

    /**
     * Returns the tables that hold tenant data in an order in which they can be emptied: children
     * before their parents (foreign keys within the schema).
     *
     * @return names of the tables with a {@code tenant_id} column, children first
     */
    public List<String> tenantTablesChildrenFirst() {
        return TableOrder.of(catalog).tables().stream()
                .map(Catalog.Table::name)
                .toList()
                .reversed();
    }

    /**
     * Returns the tables shared by all tenants.
     *
     * @return names of the tables without {@code tenant_id}, except {@code flyway_schema_history}
     *     (and {@code tenant_erasure_fence} and {@code tenant_erasure_ledger}, which have one)
     */
    public List<String> sharedTables() {
        return catalog.sharedTables().stream().map(Catalog.Table::name).toList();
    }

    /**
     * Counts the tenant's rows in every tenant-owned table.
     *
     * @param tenantId the tenant
     * @return rows per table, tables without rows included with 0
     */
    public Map<String, Long> rowCounts(UUID tenantId) {
        Map<String, Long> counts = new LinkedHashMap<>();
        perTable(tenantTables(), "SELECT count(*) FROM %s WHERE tenant_id = ?", tenantId, (table, rows) -> {
            counts.put(table, rows.getLong(1));
        });
        return counts;
    }

    /**
     * Returns the tenant's rows in all tenant-owned tables.
     *
     * @param tenantId the tenant
     * @return the sum of {@link #rowCounts(UUID)}
     */
    public long totalRows(UUID tenantId) {
        return rowCounts(tenantId).values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Fingerprints the tenant's rows in every tenant-owned table: {@code "<count>:<md5>"} with the md5
     * over the text of every column of every row of the tenant, rows sorted by that text. Equal
     * fingerprints mean byte-for-byte equal rows.
     *
     * @param tenantId the tenant
     * @return fingerprint per table
     */
    public Map<String, String> checksums(UUID tenantId) {
        Map<String, String> checksums = new LinkedHashMap<>();
        perTable(tenantTables(), checksumQuery(" WHERE tenant_id = ?"), tenantId, (table, rows) -> {
            checksums.put(table, rows.getLong(1) + ":" + rows.getString(2));
        });
        return checksums;
    }

    /**
     * Fingerprints every shared table as a whole, like {@link #checksums(UUID)}.
     *
     * @return fingerprint per shared table
     */
    public Map<String, String> sharedTableChecksums() {
        Map<String, String> checksums = new LinkedHashMap<>();
        perTable(sharedTables(), checksumQuery(""), null, (table, rows) -> {
            checksums.put(table, rows.getLong(1) + ":" + rows.getString(2));
        });
        return checksums;
    }

    /**
     * Checks every foreign key of the schema (as read at creation) by query: rows whose foreign key
     * columns are all non-null and match no row of the referenced table (MATCH SIMPLE).
     *
     * @return one description per violated foreign key, with the number of rows and a few of them;
     *     empty when every foreign key holds
     */
    public List<String> danglingReferences() {
        List<String> violations = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            for (Catalog.ForeignKey foreignKey : catalog.foreignKeys()) {
                String violation = danglingReferences(connection, foreignKey);
                if (violation != null) {
                    violations.add(violation);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not check the foreign keys of schema " + catalog.schema(), e);
        }
        return violations;
    }

    private @Nullable String danglingReferences(Connection connection, Catalog.ForeignKey foreignKey)
            throws SQLException {
        List<String> childColumns = foreignKey.columns().stream()
                .map(column -> "c." + Catalog.quote(column))
                .toList();
        List<String> matches = new ArrayList<>();
        for (int k = 0; k < childColumns.size(); k++) {
            matches.add("p." + Catalog.quote(foreignKey.referencedColumns().get(k)) + " = " + childColumns.get(k));
        }
        String sql = "SELECT count(*) OVER (), ROW(" + String.join(", ", childColumns) + ")::text"
                + " FROM " + catalog.qualified(foreignKey.table()) + " c"
                + " WHERE "
                + childColumns.stream().map(column -> column + " IS NOT NULL").collect(Collectors.joining(" AND "))
                + " AND NOT EXISTS (SELECT 1 FROM " + Catalog.quote(foreignKey.referencedSchema()) + "."
                + Catalog.quote(foreignKey.referencedTable()) + " p WHERE " + String.join(" AND ", matches) + ")"
                + " LIMIT " + DANGLING_EXAMPLES;
        long count = 0;
        List<String> examples = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                count = rows.getLong(1);
                examples.add(rows.getString(2));
            }
        }
        if (count == 0) {
            return null;
        }
        return "%s: %d row(s) reference no row, e.g. %s"
                .formatted(foreignKey.describe(catalog.schema()), count, String.join(", ", examples));
    }

    private String checksumQuery(String condition) {
        return "SELECT count(*), md5(coalesce(string_agg(" + ALIAS + "::text, E'\\n' ORDER BY " + ALIAS
                + "::text), '')) FROM %s " + ALIAS + condition;
    }

    private interface RowReader {
        void read(String table, ResultSet rows) throws SQLException;
    }

    private void perTable(List<String> tables, String sqlTemplate, @Nullable UUID tenantId, RowReader reader) {
        try (Connection connection = dataSource.getConnection()) {
            for (String table : tables) {
                try (PreparedStatement statement =
                        connection.prepareStatement(sqlTemplate.formatted(catalog.qualified(table)))) {
                    if (tenantId != null) {
                        statement.setObject(1, tenantId);
                    }
                    try (ResultSet rows = statement.executeQuery()) {
                        rows.next();
                        reader.read(table, rows);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not inspect schema " + catalog.schema() + ": " + e.getMessage(), e);
        }
    }
}
