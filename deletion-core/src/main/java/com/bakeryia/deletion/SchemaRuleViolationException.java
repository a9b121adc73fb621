package com.bakeryia.deletion;

import java.util.List;

/**
 * The schema a service owns breaks the tenant data rule (every table holding tenant data carries an
 * indexed, non-null {@code tenant_id}; other tables are declared shared and reference no tenant
 * data; no foreign key cycles), so the service must not start: it could not erase a tenant
 * completely.
 */
public class SchemaRuleViolationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String schema;
    private final List<String> violations;

    public SchemaRuleViolationException(String schema, List<String> violations) {
        super("Schema '" + schema + "' breaks the tenant data rule:\n - " + String.join("\n - ", violations));
        this.schema = schema;
        this.violations = List.copyOf(violations);
    }

    /** The schema. */
    public String schema() {
        return schema;
    }

    /** One message per offending table, naming it. */
    public List<String> violations() {
        return violations;
    }
}
