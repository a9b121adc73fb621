package com.bakeryia.orchestrator.job;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.jspecify.annotations.Nullable;

/**
 * An administrator's request to hold a tenant's erasure.
 *
 * @param reason why (1 to 1000 characters)
 * @param reference the case, court order or ticket it answers (1 to 1000 characters)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record LegalHoldRequest(@Nullable String reason, @Nullable String reference) {}
