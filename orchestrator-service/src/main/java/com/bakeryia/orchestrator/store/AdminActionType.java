package com.bakeryia.orchestrator.store;

/** What an administrator may ask for; each waits for a second administrator's approval. */
public enum AdminActionType {
    /** Create a job without the owner's request (the job is not claimed until approved). */
    CREATE,
    /** Cancel a job that has not started erasing. */
    CANCEL,
    /** Put a job's not_before forward, before it is due. */
    EXPEDITE
}
