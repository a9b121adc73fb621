package com.bakeryia.testkit.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.stream.Collectors;

/**
 * The tenant-owned tables of a schema, parents before children, each with its depth: the longest
 * foreign key path from a table without tenant-owned parents.
 */
record TableOrder(List<Catalog.Table> tables, int[] depths) {

    static TableOrder of(Catalog catalog) {
        Map<String, Catalog.Table> tenantTables = new LinkedHashMap<>();
        catalog.tenantTables().forEach(table -> tenantTables.put(table.name(), table));
        Map<String, List<String>> children = new HashMap<>();
        Map<String, Integer> waitingFor = new HashMap<>();
        tenantTables.keySet().forEach(name -> waitingFor.put(name, 0));
        for (Catalog.Table table : tenantTables.values()) {
            for (String parent : tenantParents(catalog, table, tenantTables)) {
                children.computeIfAbsent(parent, key -> new ArrayList<>()).add(table.name());
                waitingFor.merge(table.name(), 1, Integer::sum);
            }
        }
        PriorityQueue<String> ready = new PriorityQueue<>(Comparator.naturalOrder());
        waitingFor.forEach((name, count) -> {
            if (count == 0) {
                ready.add(name);
            }
        });
        Map<String, Integer> depth = new HashMap<>();
        List<Catalog.Table> ordered = new ArrayList<>();
        while (!ready.isEmpty()) {
            String name = ready.poll();
            ordered.add(tenantTables.get(name));
            int childDepth = depth.getOrDefault(name, 0) + 1;
            for (String child : children.getOrDefault(name, List.of())) {
                depth.merge(child, childDepth, Math::max);
                if (waitingFor.merge(child, -1, Integer::sum) == 0) {
                    ready.add(child);
                }
            }
        }
        if (ordered.size() < tenantTables.size()) {
            String cycle = waitingFor.entrySet().stream()
                    .filter(entry -> entry.getValue() > 0)
                    .map(Map.Entry::getKey)
                    .sorted()
                    .collect(Collectors.joining(", "));
            throw new IllegalStateException(
                    "Foreign keys of schema " + catalog.schema() + " form a cycle through tables " + cycle);
        }
        return new TableOrder(
                List.copyOf(ordered),
                ordered.stream()
                        .mapToInt(table -> depth.getOrDefault(table.name(), 0))
                        .toArray());
    }

    static List<String> tenantParents(Catalog catalog, Catalog.Table table, Map<String, Catalog.Table> tenantTables) {
        return table.foreignKeys().stream()
                .filter(foreignKey -> foreignKey.referencedSchema().equals(catalog.schema()))
                .map(Catalog.ForeignKey::referencedTable)
                .filter(parent -> !parent.equals(table.name()) && tenantTables.containsKey(parent))
                .distinct()
                .toList();
    }
}
