package com.bakeryia.orchestrator.store;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A legal hold on a tenant's erasure: while it is active no step of the tenant's job starts.
 *
 * @param id the hold's id, as the audit events name it
 * @param reason why, in the placing administrator's words (1 to 1000 characters)
 * @param reference the case, order or ticket the hold answers (1 to 1000 characters)
 * @param placedBy the placing administrator's user id
 * @param liftedBy the lifting administrator's user id; null while active
 * @param liftedAt when it was lifted; null while active
 * @param liftReason why it was lifted; null while active
 */
public record LegalHold(
        UUID id,
        UUID tenantId,
        String reason,
        String reference,
        String placedBy,
        Instant placedAt,
        @Nullable String liftedBy,
        @Nullable Instant liftedAt,
        @Nullable String liftReason) {

    /** Whether it still holds the tenant's erasure. */
    public boolean active() {
        return liftedAt == null;
    }
}
