package com.bakeryia.orchestrator.job;

import com.bakeryia.orchestrator.store.LegalHold;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A legal hold on a tenant's erasure as the API answers it (docs/contracts.md, "Legal hold").
 *
 * @param holdId the id the audit events (LEGAL_HOLD_PLACED, LEGAL_HOLD_LIFTED) name
 * @param active whether it still holds the tenant's erasure (not lifted)
 * @param liftedBy the lifting administrator; null while active
 * @param liftedAt when it was lifted; null while active
 * @param liftReason why it was lifted; null while active
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record LegalHoldView(
        UUID holdId,
        UUID tenantId,
        boolean active,
        String reason,
        String reference,
        String placedBy,
        Instant placedAt,
        @Nullable String liftedBy,
        @Nullable Instant liftedAt,
        @Nullable String liftReason) {

    static LegalHoldView of(LegalHold hold) {
        return new LegalHoldView(
                hold.id(),
                hold.tenantId(),
                hold.active(),
                hold.reason(),
                hold.reference(),
                hold.placedBy(),
                hold.placedAt(),
                hold.liftedBy(),
                hold.liftedAt(),
                hold.liftReason());
    }
}
