package com.bakeryia.orchestrator.store;

import java.time.Instant;
import java.util.UUID;

/**
 * A worker's claim on a job. {@code version} is the fencing token: every claim raises it, and
 * every write of the worker names it, so after another worker claimed the job the old claim
 * writes nothing.
 *
 * <p>A worker that stops ends its own claim in two steps: {@link #stopCalls()} first (no new call
 * to a service starts: {@link JobStore#startStep} and {@link JobStore#countAttempt} refuse, but the
 * answers of calls in flight are still recorded), then {@link #revoke()} (no write at all), even
 * before the lease expires.
 */
public final class JobLease {

    private final UUID jobId;
    private final UUID tenantId;
    private final String owner;
    private final long version;
    private final int attempt;
    private final Instant startedAt;
    private final Instant claimedAt;
    private final boolean deadlinePassed;
    private volatile boolean callsStopped;
    private volatile boolean revoked;

    /**
     * @param jobId the job
     * @param tenantId the tenant it erases
     * @param owner the worker
     * @param version the job's lease version this claim set
     * @param attempt how many times the job has been claimed, this claim included
     * @param startedAt when the job first started (on its first claim)
     * @param claimedAt when this claim was made, on PostgreSQL's clock
     * @param deadlinePassed whether the job's deadline had passed when it was claimed
     */
    JobLease(
            UUID jobId,
            UUID tenantId,
            String owner,
            long version,
            int attempt,
            Instant startedAt,
            Instant claimedAt,
            boolean deadlinePassed) {
        this.jobId = jobId;
        this.tenantId = tenantId;
        this.owner = owner;
        this.version = version;
        this.attempt = attempt;
        this.startedAt = startedAt;
        this.claimedAt = claimedAt;
        this.deadlinePassed = deadlinePassed;
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

    /** When this claim was made, on PostgreSQL's clock: a step whose next attempt is due by then runs. */
    public Instant claimedAt() {
        return claimedAt;
    }

    /** Whether the job's deadline had passed when it was claimed (it then only becomes FAILED). */
    public boolean deadlinePassed() {
        return deadlinePassed;
    }

    /**
     * From now on no new call to a service starts under this claim ({@link LeaseLostException}
     * from {@link JobStore#startStep} and {@link JobStore#countAttempt}); the answers of calls in
     * flight, and the job's end, are still written. A stopping worker calls this first.
     */
    public void stopCalls() {
        callsStopped = true;
    }

    public boolean callsStopped() {
        return callsStopped || revoked;
    }

    /** From now on every fenced write under this claim throws {@link LeaseLostException}. */
    public void revoke() {
        callsStopped = true;
        revoked = true;
    }

    public boolean isRevoked() {
        return revoked;
    }
}
