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
 * </ul>
 */
class MicrometerDeletionMetrics implements TenantDataDeletionListener {

    static final String ROWS_DELETED = "bakery.deletion.rows.deleted";
    static final String RUN = "bakery.deletion.run";
    static final String RESIDUE_ROWS = "bakery.deletion.residue.rows";

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

    private Counter residueRows(String table) {
        return Counter.builder(RESIDUE_ROWS)
                .description("Rows of a tenant still present after the last verification pass")
                .tags("service", service, "table", table)
                .register(registry);
    }
}
