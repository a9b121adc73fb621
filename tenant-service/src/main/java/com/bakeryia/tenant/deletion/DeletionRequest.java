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
 * @param statusUrl where the job's progress is read, at the orchestrator
 * @param requestedAt when the deletion was first requested
 * @param notBefore the end of the grace period
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DeletionRequest(
        UUID tenantId, UUID jobId, String status, URI statusUrl, Instant requestedAt, Instant notBefore) {

    /** With the job the orchestrator holds for the tenant. */
    DeletionRequest withJob(UUID heldJobId, URI heldStatusUrl) {
        return new DeletionRequest(tenantId, heldJobId, status, heldStatusUrl, requestedAt, notBefore);
    }
}
