package com.bakeryia.deletion;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a service declares about the schema it owns: its name and the tables that are not simply
 * erased with the tenant. Every other table of the schema that has a {@code tenant_id} column is
 * erased; the rest of the rules are checked against the live schema at start-up.
 *
 * <pre>{@code
 * TenantDataSchema.named("external")
 *         .shared("cities", "city-level reference data, no tenant's personal data")
 *         .shared("city_weather", "weather per city, shared by every tenant of the city");
 * }</pre>
 *
 * <p>Instances are immutable; each method returns a new declaration.
 */
public final class TenantDataSchema {

    private final String schema;
    private final Map<String, String> shared;
    private final Map<String, String> retained;
    private final Map<String, String> systemRows;

    private TenantDataSchema(
            String schema, Map<String, String> shared, Map<String, String> retained, Map<String, String> systemRows) {
        this.schema = schema;
        this.shared = Collections.unmodifiableMap(shared);
        this.retained = Collections.unmodifiableMap(retained);
        this.systemRows = Collections.unmodifiableMap(systemRows);
    }

    /** The schema this service owns and migrates, for example {@code orders}. */
    public static TenantDataSchema named(String schema) {
        if (!schema.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("Schema name '" + schema + "' must be a lower-case SQL identifier");
        }
        return new TenantDataSchema(schema, Map.of(), Map.of(), Map.of());
    }

    /**
     * Declares a table without {@code tenant_id} that holds data shared by all tenants; it is never
     * written by a deletion and must not reference a tenant-owned table.
     */
    public TenantDataSchema shared(String table, String why) {
        return new TenantDataSchema(schema, with(shared, table, why), retained, systemRows);
    }

    /**
     * Declares a table with {@code tenant_id} whose rows are kept when the tenant is erased, with the
     * legal basis; previews report it. No erased table may depend on it being gone.
     */
    public TenantDataSchema retained(String table, String legalBasis) {
        return new TenantDataSchema(schema, shared, with(retained, table, legalBasis), systemRows);
    }

    /**
     * Declares a table whose {@code tenant_id} may be null: rows with a null tenant belong to the
     * system (for example built-in templates) and are preserved; the tenant's own rows are erased.
     */
    public TenantDataSchema systemRows(String table, String why) {
        return new TenantDataSchema(schema, shared, retained, with(systemRows, table, why));
    }

    /** The schema name. */
    public String schema() {
        return schema;
    }

    /** Shared tables and why they are shared. */
    public Map<String, String> sharedTables() {
        return shared;
    }

    /** Retained tables and their legal basis. */
    public Map<String, String> retainedTables() {
        return retained;
    }

    /** Tables with system rows (null {@code tenant_id}) and why. */
    public Map<String, String> systemRowTables() {
        return systemRows;
    }

    /** Every table named in a declaration. */
    Set<String> declaredTables() {
        var all = new LinkedHashMap<String, String>(shared);
        all.putAll(retained);
        all.putAll(systemRows);
        return all.keySet();
    }

    private Map<String, String> with(Map<String, String> declarations, String table, String why) {
        if (declaredTables().contains(table)) {
            throw new IllegalArgumentException("Table " + schema + "." + table + " is declared twice");
        }
        if (why.isBlank()) {
            throw new IllegalArgumentException("Say why " + schema + "." + table + " is not simply erased");
        }
        var copy = new LinkedHashMap<>(declarations);
        copy.put(table, why);
        return copy;
    }

    @Override
    public String toString() {
        return "TenantDataSchema[" + schema + ", shared=" + shared.keySet() + ", retained=" + retained.keySet()
                + ", systemRows=" + systemRows.keySet() + "]";
    }
}
