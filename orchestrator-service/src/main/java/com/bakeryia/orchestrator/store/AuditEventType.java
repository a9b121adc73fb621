package com.bakeryia.orchestrator.store;

/** What an audit event records. */
public enum AuditEventType {
    /** A job was created ({@code PUT}). */
    JOB_CREATED,
    /** A worker claimed the job under a new lease. */
    JOB_CLAIMED,
    /** A service erased and verified the tenant's data. */
    STEP_SUCCEEDED,
    /** A service's step failed in a way retrying cannot fix. */
    STEP_FAILED,
    /** A service's step failed in a way a later attempt may fix; it is called again at a set time. */
    STEP_RETRY_SCHEDULED,
    /** The job waits for its steps' next attempts, holding no lease. */
    JOB_RETRYING,
    /** Every step succeeded. */
    JOB_COMPLETED,
    /** Something retrying cannot fix (or the deadline passed); the job waits for a person. */
    JOB_FAILED,
    /** Someone asked to resume a failed job. */
    JOB_RETRIED,
    /** A job was cancelled before any step started. */
    JOB_CANCELLED,
    /** An administrator asked for an action (create, cancel, expedite) that waits for a second one. */
    ADMIN_ACTION_REQUESTED,
    /** A second, different administrator approved a request; the action was applied in the same transaction. */
    ADMIN_ACTION_APPROVED,
    /** An administrator placed a legal hold on the job's tenant (or had, before the job was created). */
    LEGAL_HOLD_PLACED,
    /** An administrator lifted a legal hold on the job's tenant. */
    LEGAL_HOLD_LIFTED,
    /** A worker that had claimed the job found the tenant on hold before starting a step; the job waits PENDING. */
    JOB_HELD
}
