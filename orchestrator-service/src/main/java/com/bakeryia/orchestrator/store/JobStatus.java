package com.bakeryia.orchestrator.store;

/** Where a job is: PENDING -> IN_PROGRESS -> COMPLETED | FAILED; FAILED -> PENDING (retry); PENDING -> CANCELLED. */
public enum JobStatus {
    /** Waiting for a worker (and for {@code not_before}). */
    PENDING,
    /** A worker holds its lease and runs its steps. */
    IN_PROGRESS,
    /** Every step succeeded and verified. */
    COMPLETED,
    /** A step failed after its retries; resumed by a retry. */
    FAILED,
    /** Cancelled before it started. */
    CANCELLED
}
