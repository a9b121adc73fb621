package com.bakeryia.deletion.metrics;

import com.bakeryia.deletion.DeletionContext;
import com.bakeryia.deletion.DeletionPlan;
import com.bakeryia.deletion.TenantDataDeletionListener;
import com.bakeryia.deletion.api.DeletionResult;
import com.bakeryia.fleet.ServiceIdentity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.UUID;

/**
 * Records deletion runs (Prometheus names; every meter also carries the registry's common tags,
 * such as {@code application}):
 *
 * <ul>
 *   <li>{@code bakery_deletion_rows_deleted_total{service,table}}: rows of erased tenants deleted,
 *       each counted once by the run that deleted it (a run's {@code run_deleted_counts}, not its
 *       job's cumulative {@code deleted_counts})
 *   <li>{@code bakery_deletion_residue_rows_total{service,table}}: rows verification still found
 *       after the last pass; registered at zero for every erased table of the plan at start-up, so
 *       that {@code increase()} sees the first residue after a restart
 *   <li>{@code bakery_deletion_run_seconds{service,outcome}} (count, sum, max): runs per outcome
 *       ({@code success}, {@code failure})
 *   <li>{@code bakery_deletion_export_seconds{service,outcome}} (count, sum, max): exports per
 *       outcome ({@code success}: the archive was written in full; {@code failure}: it was aborted)
 *   <li>{@code bakery_deletion_export_rows_total{service,table}}: rows written into exports
 * </ul>
 */
class MicrometerDeletionMetrics implements TenantDataDeletionListener {

    static final String ROWS_DELETED = "bakery.deletion.rows.deleted";
    static final String RUN = "bakery.deletion.run";
    static final String RESIDUE_ROWS = "bakery.deletion.residue.rows";
    static final String EXPORT = "bakery.deletion.export";
    static final String EXPORT_ROWS = "bakery.deletion.export.rows";

    private final MeterRegistry registry;
    private final String service;

    MicrometerDeletionMetrics(MeterRegistry registry, ServiceIdentity identity) {
        this.registry = registry;
        this.service = identity.name();
    }

    @Override
    public void planDerived(DeletionPlan plan) {
        plan.deletionOrder().forEach(this::residueRows);
    }

    @Override
    public void deletionFinished(DeletionResult result, DeletionContext context) {
        result.runDeletedCounts()
                .forEach((table, rows) -> Counter.builder(ROWS_DELETED)
                        .description("Rows of erased tenants deleted")
                        .tags("service", service, "table", table)
                        .register(registry)
                        .increment(rows));
        result.remainingCounts().forEach((table, rows) -> residueRows(table).increment(rows));
        Timer.builder(RUN)
                .description("Tenant deletion runs")
                .tags("service", service, "outcome", result.success() ? "success" : "failure")
                .register(registry)
                .record(Duration.ofMillis(result.durationMs()));
    }

    @Override
    public void exportTableWritten(UUID tenantId, String table, long rows) {
        Counter.builder(EXPORT_ROWS)
                .description("Rows of tenants written into exports")
                .tags("service", service, "table", table)
                .register(registry)
                .increment(rows);
    }

    @Override
    public void exportFinished(UUID tenantId, boolean completed, Duration duration) {
        Timer.builder(EXPORT)
                .description("Tenant data exports")
                .tags("service", service, "outcome", completed ? "success" : "failure")
                .register(registry)
                .record(duration);
    }

    private Counter residueRows(String table) {
        return Counter.builder(RESIDUE_ROWS)
                .description("Rows of a tenant still present after the last verification pass")
                .tags("service", service, "table", table)
                .register(registry);
    }
}
