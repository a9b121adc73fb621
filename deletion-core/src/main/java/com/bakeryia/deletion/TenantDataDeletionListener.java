package com.bakeryia.deletion;

import com.bakeryia.deletion.api.DeletionResult;
import java.time.Duration;
import java.util.UUID;

/**
 * Observes deletion runs; every bean of this type is called. Metrics are recorded by one.
 *
 * <p>An exception thrown from {@link #batchCommitted} aborts the run: batches already committed
 * stay committed (their foreign keys are valid) with their ledger rows ({@link
 * TenantErasureLedger}), and a later run of the same job continues where this one stopped and
 * answers the job's counts in full. Likewise an exception from {@link #exportTableWritten} aborts
 * the export, whose archive is then left incomplete.
 */
public interface TenantDataDeletionListener {

    /**
     * The service's plan was derived at start-up, before the service answers its first request;
     * called once, for example to register a meter per erased table.
     */
    default void planDerived(DeletionPlan plan) {}

    /** A batch of a large tenant was deleted and committed, together with its ledger row. */
    default void batchCommitted(UUID tenantId, String table, long rows) {}

    /** A run ended, successfully or not. */
    default void deletionFinished(DeletionResult result, DeletionContext context) {}

    /**
     * An export wrote the tenant's rows of one table into its archive (in its snapshot, before the
     * next table is read).
     */
    default void exportTableWritten(UUID tenantId, String table, long rows) {}

    /**
     * An export ended.
     *
     * @param completed whether the archive was written in full; false when it was aborted
     * @param duration from the snapshot's connection to the end
     */
    default void exportFinished(UUID tenantId, boolean completed, Duration duration) {}
}
