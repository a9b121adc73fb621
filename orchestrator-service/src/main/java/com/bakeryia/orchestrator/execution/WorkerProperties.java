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
 */
@ConfigurationProperties("orchestrator.worker")
public record WorkerProperties(
        @DefaultValue("true") boolean enabled,
        @Nullable String id,
        @DefaultValue("30s") Duration leaseDuration,
        @DefaultValue("10s") Duration heartbeatInterval,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("4") int maxConcurrentJobs,
        @DefaultValue("10s") Duration stopTimeout) {}
