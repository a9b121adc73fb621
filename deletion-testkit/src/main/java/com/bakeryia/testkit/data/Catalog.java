package com.bakeryia.testkit.data;

import com.bakeryia.deletion.TenantErasureFence;
import com.bakeryia.deletion.TenantErasureLedger;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The tables of one schema as its catalog describes them, read once; {@code flyway_schema_history}
 * and deletion-core's {@code tenant_erasure_fence} and {@code tenant_erasure_ledger} (kept for every
 * erased tenant) are left out.
 */
record Catalog(String schema, Map<String, Table> tables) {

    static final String TENANT_COLUMN = "tenant_id";
    static final String FLYWAY_HISTORY = "flyway_schema_history";
    static final String ERASURE_FENCE = TenantErasureFence.TABLE;
    static final String ERASURE_LEDGER = TenantErasureLedger.TABLE;

    private static final String SCHEMA_EXISTS = """
            SELECT count(*) FROM pg_namespace WHERE nspname = ?
            """;

    private static final String TABLES = """
            SELECT c.relname
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname NOT IN (?, ?, ?)
            ORDER BY c.relname
            """;

    private static final String COLUMNS = """
            SELECT c.relname, a.attname, a.attnum, a.attnotnull, a.attidentity <> '' AS identity,
                   a.attgenerated <> '' AS generated, pg_get_expr(d.adbin, d.adrelid) AS default_expression,
                   format_type(a.atttypid, a.atttypmod) AS formatted_type,
                   bt.typname AS base_type, bt.typcategory AS category,
                   CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END AS typmod,
                   et.typname AS element_type,
                   ARRAY(SELECT e.enumlabel::text FROM pg_enum e
                         WHERE e.enumtypid = coalesce(et.oid, bt.oid) ORDER BY e.enumsortorder) AS enum_labels
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_type t ON t.oid = a.atttypid
            JOIN pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
            LEFT JOIN pg_type et ON et.oid = bt.typelem AND bt.typcategory = 'A'
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND NOT c.relispartition
              AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY c.relname, a.attnum
            """;

    private static final String UNIQUE_INDEXES = """
            SELECT c.relname, i.relname AS index_name,
                   ARRAY(SELECT a.attname::text
                         FROM unnest(x.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
                         LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
                         WHERE k.ord <= x.indnkeyatts
                         ORDER BY k.ord) AS columns
            FROM pg_index x
            JOIN pg_class c ON c.oid = x.indrelid
            JOIN pg_class i ON i.oid = x.indexrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = ? AND x.indisunique AND NOT c.relispartition
            ORDER BY c.relname, x.indisprimary DESC, i.relname
            """;

    private static final String CONSTRAINTS = """
            SELECT c.relname, con.conname, con.contype,
                   ARRAY(SELECT a.attname::text
                         FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                         JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
                         ORDER BY k.ord) AS columns,
                   rn.nspname AS referenced_schema, rc.relname AS referenced_table,
                   ARRAY(SELECT a.attname::text
                         FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                         JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
                         ORDER BY k.ord) AS referenced_columns,
                   pg_get_constraintdef(con.oid) AS definition
            FROM pg_constraint con
            JOIN pg_class c ON c.oid = con.conrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_class rc ON rc.oid = con.confrelid
            LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
            WHERE n.nspname = ? AND con.contype IN ('f', 'c') AND con.conparentid = 0 AND NOT c.relispartition
            ORDER BY c.relname, con.conname
            """;

    /** A table; tenant-owned when it has a {@code tenant_id} column. */
    record Table(
            String name,
            List<Column> columns,
            List<UniqueKey> uniqueKeys,
            List<ForeignKey> foreignKeys,
            List<String> checks) {

        boolean tenantOwned() {
            return columns.stream().anyMatch(column -> column.name().equals(TENANT_COLUMN));
        }
    }

    /**
     * A column; {@code baseType} and {@code category} are those of the domain's base type for a
     * domain, {@code elementType} is set for arrays, {@code enumLabels} for enums and enum arrays.
     */
    record Column(
            String name,
            int position,
            String formattedType,
            String baseType,
            char category,
            int typmod,
            boolean notNull,
            @Nullable String defaultExpression,
            boolean identity,
            boolean generated,
            @Nullable String elementType,
            List<String> enumLabels) {}

    /** A primary key, unique constraint or unique index; {@code hasExpression} when a key part is an expression. */
    record UniqueKey(String name, List<String> columns, boolean hasExpression) {}

    /** A foreign key of {@code table}, possibly composite, possibly into another schema. */
    record ForeignKey(
            String name,
            String table,
            List<String> columns,
            String referencedSchema,
            String referencedTable,
            List<String> referencedColumns) {

        String describe(String schema) {
            return "%s.%s.%s (%s) -> %s.%s (%s)"
                    .formatted(
                            schema,
                            table,
                            name,
                            String.join(", ", columns),
                            referencedSchema,
                            referencedTable,
                            String.join(", ", referencedColumns));
        }
    }

    static Catalog read(Connection connection, String schema) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SCHEMA_EXISTS)) {
            statement.setString(1, schema);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                if (rows.getInt(1) == 0) {
                    throw new IllegalStateException("Schema " + schema + " does not exist");
                }
            }
        }
        Map<String, Builder> builders = new LinkedHashMap<>();
        query(connection, TABLES, List.of(schema, FLYWAY_HISTORY, ERASURE_FENCE, ERASURE_LEDGER), rows -> {
            builders.put(rows.getString(1), new Builder(rows.getString(1)));
        });
        query(connection, COLUMNS, List.of(schema), rows -> {
            Builder table = builders.get(rows.getString("relname"));
            if (table != null) {
                String category = rows.getString("category");
                table.columns.add(new Column(
                        rows.getString("attname"),
                        rows.getInt("attnum"),
                        rows.getString("formatted_type"),
                        rows.getString("base_type"),
                        category.isEmpty() ? 'X' : category.charAt(0),
                        rows.getInt("typmod"),
                        rows.getBoolean("attnotnull"),
                        rows.getString("default_expression"),
                        rows.getBoolean("identity"),
                        rows.getBoolean("generated"),
                        rows.getString("element_type"),
                        strings(rows.getArray("enum_labels"))));
            }
        });
        query(connection, UNIQUE_INDEXES, List.of(schema), rows -> {
            Builder table = builders.get(rows.getString("relname"));
            if (table != null) {
                List<@Nullable String> parts = nullableStrings(rows.getArray("columns"));
                table.uniqueKeys.add(new UniqueKey(
                        rows.getString("index_name"),
                        parts.stream()
                                .filter(Objects::nonNull)
                                .map(Objects::requireNonNull)
                                .toList(),
                        parts.contains(null)));
            }
        });
        query(connection, CONSTRAINTS, List.of(schema), rows -> {
            Builder table = builders.get(rows.getString("relname"));
            if (table == null) {
                return;
            }
            if ("f".equals(rows.getString("contype"))) {
                table.foreignKeys.add(new ForeignKey(
                        rows.getString("conname"),
                        table.name,
                        strings(rows.getArray("columns")),
                        rows.getString("referenced_schema"),
                        rows.getString("referenced_table"),
                        strings(rows.getArray("referenced_columns"))));
            } else {
                table.checks.add(rows.getString("definition"));
            }
        });
        Map<String, Table> tables = builders.values().stream()
                .map(Builder::build)
                .collect(Collectors.toMap(Table::name, Function.identity(), (a, b) -> a, LinkedHashMap::new));
        return new Catalog(schema, tables);
    }

    List<Table> tenantTables() {
        return tables.values().stream().filter(Table::tenantOwned).toList();
    }

    List<Table> sharedTables() {
        return tables.values().stream().filter(table -> !table.tenantOwned()).toList();
    }

    List<ForeignKey> foreignKeys() {
        return tables.values().stream()
                .flatMap(table -> table.foreignKeys().stream())
                .toList();
    }

    String qualified(String table) {
        return quote(schema) + "." + quote(table);
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    static String quotedList(List<String> identifiers) {
        return identifiers.stream().map(Catalog::quote).collect(Collectors.joining(", "));
    }

    private interface RowHandler {
        void handle(ResultSet rows) throws SQLException;
    }

    private static void query(Connection connection, String sql, List<String> parameters, RowHandler handler)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setString(i + 1, parameters.get(i));
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    handler.handle(rows);
                }
            }
        }
    }

    private static List<String> strings(@Nullable Array array) throws SQLException {
        return nullableStrings(array).stream()
                .filter(Objects::nonNull)
                .map(Objects::requireNonNull)
                .toList();
    }

    private static List<@Nullable String> nullableStrings(@Nullable Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        Object[] values = (Object[]) array.getArray();
        List<@Nullable String> result = new ArrayList<>(values.length);
        Arrays.stream(values).forEach(value -> result.add(value == null ? null : value.toString()));
        return result;
    }

    private static final class Builder {
        private final String name;
        private final List<Column> columns = new ArrayList<>();
        private final List<UniqueKey> uniqueKeys = new ArrayList<>();
        private final List<ForeignKey> foreignKeys = new ArrayList<>();
        private final List<String> checks = new ArrayList<>();

        Builder(String name) {
            this.name = name;
        }

        Table build() {
            return new Table(
                    name, List.copyOf(columns), List.copyOf(uniqueKeys), List.copyOf(foreignKeys), List.copyOf(checks));
        }
    }
}
