package com.bakeryia.deletion;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Checks a schema against the tenant data rule and orders its tables children first. */
final class DeletionPlanner {

    private DeletionPlanner() {}

    static DeletionPlan plan(TenantDataSchema declaration, SchemaCatalog catalog) {
        String schema = declaration.schema();
        var violations = new ArrayList<String>();
        if (!catalog.exists()) {
            throw new SchemaRuleViolationException(
                    schema, List.of("schema " + schema + " does not exist: did its Flyway migration run?"));
        }
        for (String declared : declaration.declaredTables()) {
            if (!catalog.tables().containsKey(declared)) {
                violations.add("table " + schema + "." + declared + " is declared but does not exist");
            }
        }

        Set<String> tenantOwned = new TreeSet<>();
        for (SchemaCatalog.Table table : catalog.tables().values()) {
            if (table.hasTenantId()) {
                tenantOwned.add(table.name());
            }
        }

        for (SchemaCatalog.Table table : catalog.tables().values()) {
            String qualified = schema + "." + table.name();
            boolean shared = declaration.sharedTables().containsKey(table.name());
            if (table.hasTenantId()) {
                if (shared) {
                    violations.add("table " + qualified + " is declared shared but has a tenant_id column");
                }
                if (!table.tenantIdIsUuid()) {
                    violations.add("table " + qualified + " has a tenant_id column that is not of type uuid");
                }
                if (!table.tenantIdNotNull() && !declaration.systemRowTables().containsKey(table.name())) {
                    violations.add("table " + qualified
                            + " allows a null tenant_id; make it NOT NULL or declare the table's system rows");
                }
                if (!table.tenantIdIndexed()) {
                    violations.add("table " + qualified + " has no index whose first column is tenant_id");
                }
            } else if (!shared) {
                List<String> referenced = parentsOf(catalog, table.name(), tenantOwned);
                violations.add("table " + qualified + " has no tenant_id column and is not declared shared"
                        + (referenced.isEmpty() ? "" : "; it references tenant-owned " + referenced));
            } else {
                List<String> referenced = parentsOf(catalog, table.name(), tenantOwned);
                if (!referenced.isEmpty()) {
                    violations.add("shared table " + qualified + " references tenant-owned " + referenced);
                }
            }
        }

        Set<String> erased = new TreeSet<>(tenantOwned);
        erased.removeAll(declaration.retainedTables().keySet());
        Map<String, Set<String>> parentsOf = new TreeMap<>();
        erased.forEach(table -> parentsOf.put(table, new TreeSet<>()));

        for (SchemaCatalog.ForeignKey fk : catalog.foreignKeys()) {
            if (fk.crossesSchemas()) {
                violations.add("foreign key " + fk.describe()
                        + " crosses schemas; a service may reference only its own schema");
                continue;
            }
            boolean childErased = erased.contains(fk.child());
            boolean parentErased = erased.contains(fk.parent());
            if (declaration.retainedTables().containsKey(fk.child()) && parentErased) {
                violations.add("retained table " + schema + "." + fk.child() + " references erased table " + schema
                        + "." + fk.parent() + " through " + fk.name());
            }
            if (childErased && parentErased) {
                parentsOf.get(fk.child()).add(fk.parent());
                if (fk.cascadesOrSetsOnDelete() && !fk.childColumns().contains("tenant_id")) {
                    violations.add("foreign key " + fk.describe() + " acts ON DELETE without tenant_id among its"
                            + " columns, so a row of another tenant referencing this tenant's row would be changed;"
                            + " make it (tenant_id, ...) -> (tenant_id, ...) or NO ACTION");
                }
            }
        }

        List<String> order = childrenFirst(parentsOf, violations, schema);
        if (!violations.isEmpty()) {
            throw new SchemaRuleViolationException(schema, violations);
        }
        return new DeletionPlan(
                schema,
                order,
                declaration.retainedTables(),
                declaration.sharedTables().keySet(),
                declaration.systemRowTables().keySet());
    }

    private static List<String> parentsOf(SchemaCatalog catalog, String child, Set<String> among) {
        return catalog.foreignKeys().stream()
                .filter(fk -> !fk.crossesSchemas() && fk.child().equals(child) && among.contains(fk.parent()))
                .map(fk -> catalog.schema() + "." + fk.parent())
                .distinct()
                .toList();
    }

    /** Kahn's algorithm on "is referenced by": a table is erased once nothing left references it. */
    private static List<String> childrenFirst(
            Map<String, Set<String>> parentsOf, List<String> violations, String schema) {
        var remaining = new TreeMap<String, Set<String>>();
        parentsOf.forEach((table, parents) -> remaining.put(table, new HashSet<>(parents)));
        var order = new ArrayList<String>();
        while (!remaining.isEmpty()) {
            var referenced = new HashSet<String>();
            remaining.values().forEach(referenced::addAll);
            var free = new LinkedHashSet<String>();
            for (String table : remaining.keySet()) {
                if (!referenced.contains(table)) {
                    free.add(table);
                }
            }
            if (free.isEmpty()) {
                violations.add("foreign keys form a cycle among "
                        + remaining.keySet().stream().map(t -> schema + "." + t).toList()
                        + "; no order erases children before parents");
                return order;
            }
            order.addAll(free);
            free.forEach(remaining::remove);
        }
        return order;
    }
}
