package com.bakeryia.orchestrator.store;

/**
 * Where a job is. PENDING -> IN_PROGRESS -> COMPLETED | RETRYING | FAILED; RETRYING -> IN_PROGRESS
 * (when due, or to FAILED once its deadline passed); FAILED -> PENDING (retry); PENDING, and FAILED
 * before any step started, -> CANCELLED. See docs/contracts.md, "Job state machine".
 */
public enum JobStatus {
    /** Waiting for a worker (and for {@code not_before}). */
    PENDING,
    /** A worker holds its lease and runs its due steps. */
    IN_PROGRESS,
    /** A step failed in a way a later attempt may fix; waits for {@code next_attempt_at}, holding no lease. */
    RETRYING,
    /** Every step succeeded and verified. */
    COMPLETED,
    /** Something retrying cannot fix (see {@link FailureReason}); resumed by a retry. */
    FAILED,
    /** Cancelled before any step started. */
    CANCELLED
}
