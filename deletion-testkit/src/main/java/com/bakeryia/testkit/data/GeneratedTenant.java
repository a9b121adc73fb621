package com.bakeryia.testkit.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The rows {@link TenantDataGenerator} wrote for one tenant.
 *
 * @param tenantId the tenant
 * @param rowsPerTable rows written per tenant-owned table (bare table name), parents first, tables
 *     that got no rows included with 0
 */
public record GeneratedTenant(UUID tenantId, Map<String, Long> rowsPerTable) {

    /** Keeps the order of {@code rowsPerTable} and makes it unmodifiable. */
    public GeneratedTenant {
        rowsPerTable = Collections.unmodifiableMap(new LinkedHashMap<>(rowsPerTable));
    }

    /**
     * Returns the rows written in all tables.
     *
     * @return the sum of {@link #rowsPerTable()}
     */
    public long total() {
        return rowsPerTable.values().stream().mapToLong(Long::longValue).sum();
    }
}
