package com.bakeryia.orchestrator.store;

/** The worker no longer holds the job's lease (it expired or another worker claimed the job); it must stop. */
public final class LeaseLostException extends RuntimeException {

    LeaseLostException(JobLease lease) {
        super("Worker " + lease.owner() + " no longer holds the lease (version " + lease.version() + ") of job "
                + lease.jobId());
    }
}
