package com.bakeryia.deletion;

import java.util.List;
import java.util.UUID;

/** The SQL for one erased table, built once from quoted identifiers. */
record TableStatements(
        String table, String count, String boundedCount, String deleteAll, String deleteBatch, String exportRows) {

    /**
     * The {@code COPY} that streams the tenant's rows of the table, one {@code row_to_json} text per
     * line. COPY takes no bind parameters, so the tenant is a literal, built from a {@link UUID}
     * (hexadecimal digits and dashes only). The csv format with control characters as quote and
     * delimiter emits the JSON text unchanged (the text format would double every backslash):
     * JSON text never holds a raw control character, so nothing is ever quoted.
     */
    String exportCopy(UUID tenantId) {
        return "COPY (" + exportRows + " '" + tenantId
                + "') TO STDOUT (FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')";
    }

    /** The statements of every erased table of the plan, in deletion order. */
    static List<TableStatements> of(DeletionPlan plan) {
        return plan.deletionOrder().stream()
                .map(table -> of(plan.schema(), table))
                .toList();
    }

    private static TableStatements of(String schema, String table) {
        String qualified = quote(schema) + "." + quote(table);
        return new TableStatements(
                table,
                "SELECT count(*) FROM " + qualified + " WHERE tenant_id = ?",
                "SELECT count(*) FROM (SELECT 1 FROM " + qualified + " WHERE tenant_id = ? LIMIT ?) AS probe",
                "DELETE FROM " + qualified + " WHERE tenant_id = ?",
                "DELETE FROM " + qualified + " WHERE ctid = ANY(ARRAY(SELECT ctid FROM " + qualified
                        + " WHERE tenant_id = ? LIMIT ?))",
                "SELECT row_to_json(t.*)::text FROM " + qualified + " AS t WHERE t.tenant_id =");
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
