package com.bakeryia.deletion;

import java.time.Duration;
import java.time.Period;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of tenant data deletion and its endpoints (the service name and the tokens are
 * the platform's: {@code com.bakeryia.fleet.FleetProperties}, same {@code deletion} prefix).
 *
 * @param batchSize rows deleted per committed batch when a tenant is too large for one transaction
 * @param singleTransactionMaxRows a tenant with at most this many rows in this service is deleted
 *     in one transaction (all or nothing); a larger one in committed batches of {@code batchSize}
 * @param maxPasses delete-and-verify passes before rows still present make the run fail
 * @param lockTimeout how long a run waits for the per-tenant advisory lock held by another run, for
 *     row locks, and for the tenant's writes in flight to end before it fences the tenant; also
 *     bounds the installation of the erasure fence at start-up
 * @param endpoints the preview and delete endpoints
 * @param maxConcurrentRuns deletion runs the delete endpoint serves at once (each holds a pool
 *     connection for its whole length); a request beyond them waits up to {@code busyWait} for one
 *     to end, else is answered 503. Unset: the
 *     Hikari pool's {@code maximum-pool-size} minus one (at least 1), or {@value
 *     #DEFAULT_MAX_CONCURRENT_RUNS} for another kind of {@code DataSource}
 * @param busyWait how long a deletion request beyond {@code maxConcurrentRuns} waits for a run to
 *     end before it is refused (0: refused at once). Small tenants' runs end within it, so a burst of
 *     erasures queues here instead of every step going back to the orchestrator for a later attempt
 * @param busyRetryAfter the {@code Retry-After} of that 503, and of an export refused for {@code
 *     export.max-concurrent}
 * @param export the export endpoint
 * @param retention how long the fence and the ledger keep an erased tenant's rows
 */
@ConfigurationProperties("deletion")
public record DeletionProperties(
        @DefaultValue("10000") int batchSize,
        @DefaultValue("50000") long singleTransactionMaxRows,
        @DefaultValue("3") int maxPasses,
        @DefaultValue("30s") Duration lockTimeout,
        @DefaultValue Endpoints endpoints,
        @Nullable Integer maxConcurrentRuns,
        @DefaultValue("2s") Duration busyWait,
        @DefaultValue("5s") Duration busyRetryAfter,
        @DefaultValue Export export,
        @DefaultValue Retention retention) {

    /** The limit of concurrent runs when it is not set and the pool's size is unknown. */
    public static final int DEFAULT_MAX_CONCURRENT_RUNS = 3;

    public DeletionProperties {
        if (maxConcurrentRuns != null && maxConcurrentRuns < 1) {
            throw new IllegalArgumentException("deletion.max-concurrent-runs must be at least 1");
        }
        if (busyWait.isNegative()) {
            throw new IllegalArgumentException("deletion.busy-wait may not be negative: " + busyWait);
        }
        if (busyRetryAfter.isNegative() || busyRetryAfter.isZero()) {
            throw new IllegalArgumentException("deletion.busy-retry-after must be positive");
        }
    }

    /**
     * The export endpoint ({@code GET /api/v1/{svc}/tenant/{tenantId}/export}).
     *
     * @param maxConcurrent exports served at once, apart from the deletion runs' limit (each export
     *     holds a pool connection while it reads the tables); a request beyond them is answered 503
     *     at once with {@code Retry-After}
     */
    public record Export(@DefaultValue("2") int maxConcurrent) {

        public Export {
            if (maxConcurrent < 1) {
                throw new IllegalArgumentException("deletion.export.max-concurrent must be at least 1");
            }
        }
    }

    /**
     * Retention of what deletion-core keeps after an erasure (the purges' schedule is the platform's
     * {@code deletion.retention.purge-interval} and {@code batch-size}).
     *
     * @param fence how long a tenant stays fenced after its first fencing ({@code fenced_at}): it
     *     holds only the pseudonymous tenant id and keeps the erased data from coming back; after it,
     *     a late writer (a restored backup, a replayed message) could write the tenant's rows again
     * @param ledger how long a job's ledger rows are kept after its last erasure in this schema
     *     ({@code erased_at}); a job run again after it reports only what its later runs erased
     */
    public record Retention(
            @DefaultValue("P3Y") Period fence,
            @DefaultValue("P1Y") Period ledger) {

        public Retention {
            if (fence.isNegative() || fence.isZero()) {
                throw new IllegalArgumentException("deletion.retention.fence must be positive: " + fence);
            }
            if (ledger.isNegative() || ledger.isZero()) {
                throw new IllegalArgumentException("deletion.retention.ledger must be positive: " + ledger);
            }
        }
    }

    /**
     * The preview and delete endpoints.
     *
     * @param enabled whether the endpoints are served (a service with deletion-core must then declare
     *     a {@link TenantDataDeletionService})
     */
    public record Endpoints(@DefaultValue("true") boolean enabled) {}
}
