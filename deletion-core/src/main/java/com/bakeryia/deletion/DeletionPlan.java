package com.bakeryia.deletion;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The order in which a service erases a tenant, derived at start-up from the foreign keys of its
 * schema: every table comes before the tables it references, so each commit leaves valid foreign
 * keys.
 *
 * @param schema the schema
 * @param deletionOrder the erased tables, children before parents
 * @param retained retained tables and their legal basis
 * @param shared shared tables, never written
 * @param systemRows tables whose rows with a null tenant are preserved
 */
public record DeletionPlan(
        String schema,
        List<String> deletionOrder,
        Map<String, String> retained,
        Set<String> shared,
        Set<String> systemRows) {

    public DeletionPlan {
        deletionOrder = List.copyOf(deletionOrder);
        retained = Map.copyOf(retained);
        shared = Set.copyOf(shared);
        systemRows = Set.copyOf(systemRows);
    }

    /** One line for the start-up log. */
    public String describe() {
        return "schema " + schema + ": erase " + String.join(" -> ", deletionOrder) + " (children first)"
                + (retained.isEmpty() ? "" : "; retained " + retained.keySet())
                + (shared.isEmpty()
                        ? ""
                        : "; shared " + shared.stream().sorted().toList())
                + (systemRows.isEmpty()
                        ? ""
                        : "; system rows kept in "
                                + systemRows.stream().sorted().toList());
    }
}
