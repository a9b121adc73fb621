package com.bakeryia.tenant.deletion;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;

/**
 * A tenant's pending deletion, as answered to {@code DELETE /api/v1/tenants/{id}} (202).
 *
 * @param tenantId the tenant
 * @param jobId the deletion job, generated here (or the orchestrator's, when it already held one)
 * @param status always {@code DELETION_PENDING}
 * @param statusUrl where the owner follows the erasure: tenant-service's {@code
 *     /api/v1/tenants/{id}/deletion}, relative to tenant-service (also in {@code Location})
 * @param requestedAt when the deletion was first requested
 * @param eraseAt the end of the grace period: the erasure does not begin before, and the owner may
 *     cancel until then
 * @param notBefore the same instant, under the name the orchestrator's job uses
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DeletionRequest(
        UUID tenantId,
        UUID jobId,
        String status,
        URI statusUrl,
        Instant requestedAt,
        Instant eraseAt,
        Instant notBefore) {

    DeletionRequest(UUID tenantId, UUID jobId, String status, URI statusUrl, Instant requestedAt, Instant eraseAt) {
        this(tenantId, jobId, status, statusUrl, requestedAt, eraseAt, eraseAt);
    }

    /** With the job the orchestrator holds for the tenant. */
    DeletionRequest withJob(UUID heldJobId) {
        return new DeletionRequest(tenantId, heldJobId, status, statusUrl, requestedAt, eraseAt, notBefore);
    }
}
