package com.bakeryia.orchestrator.store;

/** What an audit event records. */
public enum AuditEventType {
    /** A job was created ({@code PUT}). */
    JOB_CREATED,
    /** A worker claimed the job under a new lease. */
    JOB_CLAIMED,
    /** A service erased and verified the tenant's data. */
    STEP_SUCCEEDED,
    /** A service's step failed after the retries its failure allowed. */
    STEP_FAILED,
    /** Every step succeeded. */
    JOB_COMPLETED,
    /** A step failed; the job waits for a retry. */
    JOB_FAILED,
    /** Someone asked to resume a failed job. */
    JOB_RETRIED,
    /** A pending job was cancelled. */
    JOB_CANCELLED
}
