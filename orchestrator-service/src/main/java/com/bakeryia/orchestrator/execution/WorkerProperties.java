package com.bakeryia.orchestrator.execution;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The job workers of this instance.
 *
 * @param enabled whether this instance claims and runs jobs (its API works either way)
 * @param id the name of this instance's worker in leases and audit events; defaults to the host
 *     name and a random suffix
 * @param leaseDuration how long a claim lasts without a heartbeat; after that another instance
 *     may take the job over
 * @param heartbeatInterval how often a running job's lease is renewed (well below the lease
 *     duration)
 * @param pollInterval how often the worker looks for due jobs (jobs of other instances, jobs whose
 *     grace period ended, expired leases); a job created or retried on this instance is claimed at
 *     once, without waiting for the poll
 * @param maxConcurrentJobs how many jobs the worker runs at once
 * @param stopTimeout on shutdown, how long to wait for interrupted jobs before their leases are
 *     released for another instance
 * @param maxParallelSteps how many domain steps of one job call their services at once; the default
 *     ({@value #DEFAULT_MAX_PARALLEL_STEPS}) is more than the fleet's 12 domain services, so all of a
 *     job's steps run at once. A lower value spreads an erasure's load on a PostgreSQL shared with
 *     other tenants' traffic over a longer time (docs/benchmarks.md measures both sides of that trade)
 */
@ConfigurationProperties("orchestrator.worker")
public record WorkerProperties(
        @DefaultValue("true") boolean enabled,
        @Nullable String id,
        @DefaultValue("30s") Duration leaseDuration,
        @DefaultValue("10s") Duration heartbeatInterval,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("4") int maxConcurrentJobs,
        @DefaultValue("10s") Duration stopTimeout,

        @DefaultValue("" + WorkerProperties.DEFAULT_MAX_PARALLEL_STEPS)
        int maxParallelSteps) {

    /** The default of {@code max-parallel-steps}: every domain step of a job at once. */
    public static final int DEFAULT_MAX_PARALLEL_STEPS = 16;

    public WorkerProperties {
        if (maxConcurrentJobs < 1) {
            throw new IllegalArgumentException(
                    "orchestrator.worker.max-concurrent-jobs must be at least 1: " + maxConcurrentJobs);
        }
        if (maxParallelSteps < 1) {
            throw new IllegalArgumentException(
                    "orchestrator.worker.max-parallel-steps must be at least 1: " + maxParallelSteps);
        }
    }
}
