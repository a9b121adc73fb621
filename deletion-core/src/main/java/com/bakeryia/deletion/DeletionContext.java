package com.bakeryia.deletion;

import org.jspecify.annotations.Nullable;

/**
 * Who asked for a deletion run, for the audit log.
 *
 * @param jobId the orchestrator's deletion job, from the service token's {@code job_id} claim
 * @param caller the calling service, from the token's {@code sub}
 */
public record DeletionContext(
        @Nullable String jobId, @Nullable String caller) {

    private static final DeletionContext NONE = new DeletionContext(null, null);

    /** A run outside any job, for example from a test or a tool. */
    public static DeletionContext none() {
        return NONE;
    }
}
