package com.bakeryia.orchestrator.job;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The body of an administrator's cancel ({@code {"reason"}}) and expedite ({@code {"not_before",
 * "reason"}}); tenant-service's cancel sends none.
 *
 * @param reason why, required of an administrator: 1 to 1000 characters
 * @param notBefore for an expedite, the earlier time the job may start
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record AdminActionRequest(@Nullable String reason, @Nullable Instant notBefore) {}
