package com.bakeryia.orchestrator.store;

/**
 * The tenant of a claimed job was put on legal hold before the job's first step started: the step
 * did not start, the job is PENDING again and waits for the hold to be lifted, and the worker's claim
 * is revoked. The worker stops the run; nothing failed.
 */
public final class JobHeldException extends RuntimeException {

    JobHeldException(JobLease lease, LegalHold hold) {
        super("Worker " + lease.owner() + " let job " + lease.jobId() + " wait: tenant " + lease.tenantId()
                + " is on legal hold " + hold.id() + " (" + hold.reference() + ")");
    }
}
