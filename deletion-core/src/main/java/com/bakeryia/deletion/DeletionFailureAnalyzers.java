package com.bakeryia.deletion;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Start-up failures of deletion-core explained with what to change. */
final class DeletionFailureAnalyzers {

    private DeletionFailureAnalyzers() {}

    static final class SchemaRuleViolation extends AbstractFailureAnalyzer<SchemaRuleViolationException> {

        @Override
        protected FailureAnalysis analyze(Throwable rootFailure, SchemaRuleViolationException cause) {
            return new FailureAnalysis(
                    cause.getMessage(),
                    "Give every table that holds tenant data a 'tenant_id uuid NOT NULL' column and an index"
                            + " whose first column is tenant_id (children too); declare tables without tenant"
                            + " data as shared, tables whose rows must be kept as retained (with their legal"
                            + " basis), both in the service's TenantDataSchema; keep foreign keys inside the"
                            + " schema and free of cycles.",
                    cause);
        }
    }

    static final class ServiceDeclaration
            extends AbstractFailureAnalyzer<TenantDataDeletionServiceDeclarationException> {

        @Override
        protected FailureAnalysis analyze(Throwable rootFailure, TenantDataDeletionServiceDeclarationException cause) {
            String action = cause.beanNames().isEmpty()
                    ? "Declare one bean that extends com.bakeryia.deletion.TenantDataDeletionService and names the"
                            + " service's schema, e.g. '@Component class OrdersTenantDataDeletionService extends"
                            + " TenantDataDeletionService { OrdersTenantDataDeletionService() {"
                            + " super(TenantDataSchema.named(\"orders\")); } }'. A service that holds no tenant"
                            + " data sets deletion.endpoints.enabled=false."
                    : "Keep exactly one of " + cause.beanNames() + ": a service erases one schema.";
            return new FailureAnalysis(cause.getMessage(), action, cause);
        }
    }
}
