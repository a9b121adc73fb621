package com.bakeryia.orchestrator.store;

import java.time.Instant;
import java.util.UUID;

/**
 * A worker's claim on a job. {@code version} is the fencing token: every claim raises it, and
 * every write of the worker names it, so after another worker claimed the job the old claim
 * writes nothing. The worker {@linkplain #revoke() revokes} its own claim when it stops or loses
 * the lease, after which it writes nothing either, even before the lease expires.
 */
public final class JobLease {

    private final UUID jobId;
    private final UUID tenantId;
    private final String owner;
    private final long version;
    private final int attempt;
    private final Instant startedAt;
    private volatile boolean revoked;

    /**
     * @param jobId the job
     * @param tenantId the tenant it erases
     * @param owner the worker
     * @param version the job's lease version this claim set
     * @param attempt how many times the job has been claimed, this claim included
     * @param startedAt when the job first started (on its first claim)
     */
    JobLease(UUID jobId, UUID tenantId, String owner, long version, int attempt, Instant startedAt) {
        this.jobId = jobId;
        this.tenantId = tenantId;
        this.owner = owner;
        this.version = version;
        this.attempt = attempt;
        this.startedAt = startedAt;
    }

    public UUID jobId() {
        return jobId;
    }

    public UUID tenantId() {
        return tenantId;
    }

    public String owner() {
        return owner;
    }

    public long version() {
        return version;
    }

    public int attempt() {
        return attempt;
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** From now on every fenced write under this claim throws {@link LeaseLostException}. */
    public void revoke() {
        revoked = true;
    }

    public boolean isRevoked() {
        return revoked;
    }
}
