package com.bakeryia.tenant.deletion;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The owner's deletion requests and their delivery to the orchestrator ({@code tenant.deletion.*}).
 *
 * @param gracePeriod how long after the request the job may not start and the owner may cancel it
 *     (P7D: time to change one's mind and to export the data)
 * @param statusRetention how long after the erasure (or the cancellation) the owner can still read
 *     the status of the request and download its receipt; afterwards both answer 404 and the record
 *     ({@code tenant_deletion_requests}) is purged
 * @param orchestratorUrl base URL of orchestrator-service (env {@code ORCHESTRATOR_URL}); jobs are
 *     created, read and cancelled under it
 * @param connectTimeout connect timeout of calls to the orchestrator
 * @param readTimeout read timeout of calls to the orchestrator
 * @param outbox the relay that delivers requests the orchestrator did not take at once
 * @param reconcileInterval how often the reconciler reads the jobs of pending tenants, and how long
 *     a tenant it took up waits before it is taken up again
 * @param reconcileBatchSize pending tenants taken up at most per round of the reconciler
 */
@ConfigurationProperties("tenant.deletion")
public record TenantDeletionProperties(
        @DefaultValue("P7D") Duration gracePeriod,
        @DefaultValue("P90D") Duration statusRetention,
        @DefaultValue("http://127.0.0.1:8082") URI orchestratorUrl,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("5s") Duration readTimeout,
        @DefaultValue Outbox outbox,
        @DefaultValue("30s") Duration reconcileInterval,
        @DefaultValue("100") int reconcileBatchSize) {

    /**
     * How long a call to the orchestrator holds its outbox row's claim: twice the longest a call can
     * take here (connect and read timeouts), so that a claim outlives its call and, once it has
     * expired, the call is over.
     */
    public Duration deliveryLease() {
        return connectTimeout.plus(readTimeout).multipliedBy(2);
    }

    public TenantDeletionProperties {
        if (gracePeriod.isNegative()) {
            throw new IllegalArgumentException("tenant.deletion.grace-period may not be negative: " + gracePeriod);
        }
        if (statusRetention.isNegative()) {
            throw new IllegalArgumentException(
                    "tenant.deletion.status-retention may not be negative: " + statusRetention);
        }
    }

    /** The status URL the owner is given: tenant-service's own status resource, relative to tenant-service. */
    public static URI ownerStatusUrl(UUID tenantId) {
        return URI.create("/api/v1/tenants/" + tenantId + "/deletion");
    }

    /**
     * The outbox relay ({@code tenant.deletion.outbox.*}).
     *
     * @param relayInterval pause between two passes of the relay over undelivered requests
     * @param initialBackoff wait after the first failed delivery of a request; doubled after each
     *     further failure
     * @param maxBackoff the longest wait between two deliveries of one request
     * @param batchSize requests delivered at most per pass
     */
    public record Outbox(
            @DefaultValue("5s") Duration relayInterval,
            @DefaultValue("1s") Duration initialBackoff,
            @DefaultValue("5m") Duration maxBackoff,
            @DefaultValue("50") int batchSize) {

        /** The wait before the next delivery of a request that has failed {@code failures} times (at least 1). */
        public Duration backoffAfter(int failures) {
            int doublings = Math.min(Math.max(failures - 1, 0), 30);
            Duration backoff = initialBackoff.multipliedBy(1L << doublings);
            return backoff.compareTo(maxBackoff) > 0 ? maxBackoff : backoff;
        }
    }
}
