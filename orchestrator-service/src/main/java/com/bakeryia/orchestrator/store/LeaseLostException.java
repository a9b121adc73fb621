package com.bakeryia.orchestrator.store;

/**
 * The worker no longer holds the job's lease (it expired, another worker claimed the job, or the
 * worker revoked it), or it stopped making calls under it; it must stop.
 */
public final class LeaseLostException extends RuntimeException {

    LeaseLostException(JobLease lease) {
        super("Worker " + lease.owner() + " no longer holds the lease (version " + lease.version() + ") of job "
                + lease.jobId());
    }

    LeaseLostException(JobLease lease, String why) {
        super("Worker " + lease.owner() + " " + why + " (job " + lease.jobId() + ", lease version " + lease.version()
                + ")");
    }
}
