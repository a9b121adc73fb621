package com.bakeryia.deletion;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** Counts a tenant's rows in the erased tables: for the preview, the size probe and the re-count of each pass. */
final class TenantRowCounts {

    private final List<TableStatements> tables;

    TenantRowCounts(List<TableStatements> tables) {
        this.tables = List.copyOf(tables);
    }

    /** The tenant's rows per erased table, in deletion order, zero included. */
    Map<String, Long> count(Connection connection, UUID tenantId) throws SQLException {
        var counts = new LinkedHashMap<String, Long>();
        for (TableStatements table : tables) {
            try (PreparedStatement count = connection.prepareStatement(table.count())) {
                count.setObject(1, tenantId);
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    counts.put(table.table(), rs.getLong(1));
                }
            }
        }
        return counts;
    }

    /** The erased tables that still hold rows of the tenant, with their counts. */
    Map<String, Long> remaining(Connection connection, UUID tenantId) throws SQLException {
        return count(connection, tenantId).entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    }

    /** Whether the tenant has at most {@code maxRows} rows, reading at most {@code maxRows + 1} of them. */
    boolean atMost(Connection connection, UUID tenantId, long maxRows) throws SQLException {
        long rows = 0;
        for (TableStatements table : tables) {
            try (PreparedStatement probe = connection.prepareStatement(table.boundedCount())) {
                probe.setObject(1, tenantId);
                probe.setLong(2, maxRows + 1 - rows);
                try (ResultSet rs = probe.executeQuery()) {
                    rs.next();
                    rows += rs.getLong(1);
                }
            }
            if (rows > maxRows) {
                return false;
            }
        }
        return true;
    }
}
