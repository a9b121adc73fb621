package com.bakeryia.orchestrator.store;

/** Where one service's step is. */
public enum StepStatus {
    /** Not run yet (or reset by a retry). */
    PENDING,
    /** Being called; a step left in this state by a crashed worker runs again. */
    IN_PROGRESS,
    /** Its call failed in a way a later attempt may fix; called again at {@code next_attempt_at}. */
    RETRYING,
    /** The service erased the tenant's data and verified it; never called again for this job. */
    SUCCEEDED,
    /** Something retrying cannot fix (see {@link FailureReason}); reset by a retry of the job. */
    FAILED
}
