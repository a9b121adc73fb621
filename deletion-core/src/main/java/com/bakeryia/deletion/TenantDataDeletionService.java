package com.bakeryia.deletion;

import com.bakeryia.deletion.api.DeletionPreview;
import com.bakeryia.deletion.api.DeletionResult;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Erases one tenant's data from the schema a service owns. A service declares exactly one bean of
 * a subclass, naming its schema and the tables that are not simply erased:
 *
 * <pre>{@code
 * @Component
 * class OrdersTenantDataDeletionService extends TenantDataDeletionService {
 *     OrdersTenantDataDeletionService() {
 *         super(TenantDataSchema.named("orders"));
 *     }
 * }
 * }</pre>
 *
 * <p>At start-up deletion-core reads the schema, checks it against the tenant data rule (failing
 * start-up with the offending tables named), derives the {@link DeletionPlan} from its foreign keys
 * and logs it. It then serves {@code GET /api/v1/{svc}/tenant/{tenantId}/deletion-preview} and
 * {@code DELETE /api/v1/{svc}/tenant/{tenantId}} through this bean, and {@code GET
 * /api/v1/{svc}/tenant/{tenantId}/export} ({@link #openExport(UUID)}).
 *
 * <p>A deletion holds a per-tenant advisory lock, so two runs for one tenant never interleave; it
 * first fences the tenant ({@link TenantErasureFence}), so that no row of it can be written into
 * an erased table again, waiting for writes in flight to commit; it deletes children before parents, in one transaction when the tenant has at most {@code
 * deletion.single-transaction-max-rows} rows here and otherwise in committed batches of {@code
 * deletion.batch-size}, recording each committed delete in the {@link TenantErasureLedger} in the
 * same transaction; it then re-counts, deletes rows written meanwhile in further passes, and
 * fails naming the tables where rows remain. An unknown or already erased tenant succeeds with zero
 * counts. A subclass may override {@link #afterErased(DeletionResult, DeletionContext)} to record
 * the erasure (for example a tombstone in a retained table) once a run has succeeded.
 */
public abstract class TenantDataDeletionService {

    private final TenantDataSchema schema;
    private volatile @Nullable DeletionEngine engine;

    protected TenantDataDeletionService(TenantDataSchema schema) {
        this.schema = schema;
    }

    /**
     * The tenant's data that this service keeps outside Postgres; none unless overridden. Called once
     * at start-up. Each is previewed, deleted and exported with the rows.
     */
    protected List<ExternalTenantData> externalData() {
        return List.of();
    }

    /**
     * Called once after every successful, verified run (an unknown or already erased tenant
     * included), while the run still holds the tenant's lock and before the audit line, the
     * listeners and the caller see the result; does nothing unless overridden. Runs are re-tried,
     * so it must be idempotent (for example {@code INSERT ... ON CONFLICT DO NOTHING}) and may only
     * write tables this service declared retained: the tenant is fenced by then, so a write of its
     * rows into an erased table is refused.
     *
     * <p>An exception fails the run: the result has {@code success} and {@code verified} false and
     * an error naming the exception, the rows already erased stay erased, and the next run calls
     * this method again.
     *
     * @param result the run's successful result, its duration measured up to this call
     * @param context the job and caller of the run
     */
    protected void afterErased(DeletionResult result, DeletionContext context) {}

    /** What this service declared about its schema. */
    public final TenantDataSchema schema() {
        return schema;
    }

    /** The plan derived at start-up. */
    public final DeletionPlan plan() {
        return engine().plan();
    }

    /** Counts what a deletion of the tenant would erase here, changing nothing. */
    public final DeletionPreview preview(UUID tenantId) {
        return engine().preview(tenantId);
    }

    /**
     * Opens an export of the tenant's data here: takes a consistent snapshot of its rows ({@code
     * REPEATABLE READ, READ ONLY}, on one pool connection) and checks that its erasure has not begun.
     * The caller writes it ({@link TenantDataExport#writeTo}) and closes it.
     *
     * @throws TenantErasureBegunException when the tenant is fenced in this schema
     */
    public final TenantDataExport openExport(UUID tenantId) {
        return engine().openExport(tenantId);
    }

    /** Erases the tenant here outside any deletion job. */
    public final DeletionResult delete(UUID tenantId) {
        return delete(tenantId, DeletionContext.none());
    }

    /**
     * Erases the tenant here. Never throws for a failed run: the result says what failed.
     *
     * @param context the job and caller, for the audit log
     */
    public final DeletionResult delete(UUID tenantId, DeletionContext context) {
        return engine().delete(tenantId, context);
    }

    final List<ExternalTenantData> declaredExternalData() {
        return externalData();
    }

    final void bind(DeletionEngine engine) {
        this.engine = engine;
    }

    private DeletionEngine engine() {
        DeletionEngine bound = engine;
        if (bound == null) {
            throw new IllegalStateException(getClass().getName()
                    + " is not initialised: declare it as a Spring bean in an application with deletion-core's"
                    + " auto-configuration, which checks the schema and builds the plan at start-up");
        }
        return bound;
    }
}
