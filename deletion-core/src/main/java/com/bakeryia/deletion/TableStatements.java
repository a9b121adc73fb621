package com.bakeryia.deletion;

import java.util.List;

/** The SQL for one erased table, built once from quoted identifiers. */
record TableStatements(String table, String count, String boundedCount, String deleteAll, String deleteBatch) {

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
                        + " WHERE tenant_id = ? LIMIT ?))");
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
