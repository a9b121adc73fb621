package com.bakeryia.orchestrator.job;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code PUT /api/v1/deletion-jobs/{jobId}}.
 *
 * @param tenantId the tenant to erase
 * @param requestedBy the user id or service that asked
 * @param reason free text, optional
 * @param notBefore no worker starts the job earlier (grace period); default now
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record CreateDeletionJobRequest(
        @Nullable UUID tenantId,
        @Nullable String requestedBy,
        @Nullable String reason,
        @Nullable Instant notBefore) {}
