package com.bakeryia.orchestrator.store;

/** Where one service's step is. */
public enum StepStatus {
    /** Not run yet (or reset by a retry). */
    PENDING,
    /** Being called; a step left in this state by a crashed worker runs again. */
    IN_PROGRESS,
    /** The service erased the tenant's data and verified it; never called again for this job. */
    SUCCEEDED,
    /** The service failed after the retries its failure allowed. */
    FAILED
}
