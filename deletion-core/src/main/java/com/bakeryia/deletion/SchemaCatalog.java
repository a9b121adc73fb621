package com.bakeryia.deletion;

import java.sql.Array;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/** The tables, tenant columns, tenant indexes and foreign keys of one schema, read from pg_catalog. */
record SchemaCatalog(String schema, boolean exists, Map<String, Table> tables, List<ForeignKey> foreignKeys) {

    private static final String SELECT_SCHEMA_EXISTS = """
            SELECT count(*) FROM pg_namespace WHERE nspname = ?
            """;

    private static final String SELECT_TABLES = """
            SELECT c.relname AS table_name,
                   a.attname IS NOT NULL AS has_tenant_id,
                   coalesce(a.atttypid = 'uuid'::regtype, false) AS tenant_id_is_uuid,
                   coalesce(a.attnotnull, false) AS tenant_id_not_null,
                   EXISTS (SELECT 1 FROM pg_index i
                           WHERE i.indrelid = c.oid AND i.indkey[0] = a.attnum
                             AND i.indisvalid AND i.indpred IS NULL) AS tenant_id_indexed
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
            WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND NOT c.relispartition
            ORDER BY c.relname
            """;

    private static final String SELECT_FOREIGN_KEYS = """
            SELECT con.conname AS name,
                   cn.nspname AS child_schema, child.relname AS child_table,
                   pn.nspname AS parent_schema, parent.relname AS parent_table,
                   con.confdeltype AS on_delete,
                   ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY AS k(position, ord)
                         JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.position
                         ORDER BY k.ord) AS child_columns
            FROM pg_constraint con
            JOIN pg_class child ON child.oid = con.conrelid
            JOIN pg_namespace cn ON cn.oid = child.relnamespace
            JOIN pg_class parent ON parent.oid = con.confrelid
            JOIN pg_namespace pn ON pn.oid = parent.relnamespace
            WHERE con.contype = 'f' AND (cn.nspname = ? OR pn.nspname = ?)
            ORDER BY child.relname, con.conname
            """;

    /** One table of the schema. */
    record Table(
            String name,
            boolean hasTenantId,
            boolean tenantIdIsUuid,
            boolean tenantIdNotNull,
            boolean tenantIdIndexed) {}

    /** One foreign key touching the schema, possibly from or to another schema. */
    record ForeignKey(
            String name,
            String childSchema,
            String child,
            String parentSchema,
            String parent,
            char onDelete,
            List<String> childColumns) {

        boolean crossesSchemas() {
            return !childSchema.equals(parentSchema);
        }

        boolean cascadesOrSetsOnDelete() {
            return onDelete == 'c' || onDelete == 'n' || onDelete == 'd';
        }

        String describe() {
            return name + " (" + childSchema + "." + child + " -> " + parentSchema + "." + parent + ")";
        }
    }

    static SchemaCatalog read(JdbcTemplate jdbc, String schema, Set<String> ignoredTables) {
        Long schemas = jdbc.queryForObject(SELECT_SCHEMA_EXISTS, Long.class, schema);
        if (schemas == null || schemas == 0) {
            return new SchemaCatalog(schema, false, Map.of(), List.of());
        }
        var tables = new LinkedHashMap<String, Table>();
        jdbc.query(
                SELECT_TABLES,
                rs -> {
                    String name = rs.getString("table_name");
                    if (!ignoredTables.contains(name)) {
                        tables.put(
                                name,
                                new Table(
                                        name,
                                        rs.getBoolean("has_tenant_id"),
                                        rs.getBoolean("tenant_id_is_uuid"),
                                        rs.getBoolean("tenant_id_not_null"),
                                        rs.getBoolean("tenant_id_indexed")));
                    }
                },
                schema);
        List<ForeignKey> foreignKeys = jdbc.query(
                SELECT_FOREIGN_KEYS,
                (rs, row) -> new ForeignKey(
                        rs.getString("name"),
                        rs.getString("child_schema"),
                        rs.getString("child_table"),
                        rs.getString("parent_schema"),
                        rs.getString("parent_table"),
                        rs.getString("on_delete").charAt(0),
                        strings(rs.getArray("child_columns"))),
                schema,
                schema);
        return new SchemaCatalog(schema, true, tables, foreignKeys);
    }

    private static List<String> strings(Array array) throws SQLException {
        return Arrays.asList((String[]) array.getArray());
    }
}
