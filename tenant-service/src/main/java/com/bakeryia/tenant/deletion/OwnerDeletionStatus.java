package com.bakeryia.tenant.deletion;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.net.URI;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A tenant's erasure as its owner understands it ({@code GET /api/v1/tenants/{id}/deletion}):
 * one {@link State} and the facts that go with it; fields that do not apply are null.
 *
 * @param state where the erasure is
 * @param message one sentence for the owner, saying what the state means and what they can do
 * @param requestedAt when the erasure was requested
 * @param eraseAt the end of the grace period: the erasure does not begin before
 * @param canCancel whether a cancel ({@code POST .../deletion/cancel}) would be accepted now
 * @param onHold whether a legal hold keeps the erasure waiting
 * @param servicesDone while in progress or retrying: the services that have erased the tenant
 * @param servicesTotal while in progress or retrying: all services that hold its data
 * @param retryingSince while retrying: since when
 * @param nextAttemptAt while retrying: when the next attempt is due
 * @param erasedAt once completed: when the erasure finished
 * @param cancelledAt once cancelled: when
 * @param failureReason once failed: why (the orchestrator's reason code)
 * @param receiptUrl once completed: where the signed receipt is downloaded
 * @param availableUntil once completed or cancelled: until when this status (and the receipt) can
 *     be read; afterwards both answer 404
 * @param live whether the orchestrator answered for this status; false when it could not be asked
 *     and the state is what tenant-service knows by itself
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record OwnerDeletionStatus(
        UUID tenantId,
        UUID jobId,
        State state,
        String message,
        Instant requestedAt,
        Instant eraseAt,
        boolean canCancel,
        boolean onHold,
        @Nullable Integer servicesDone,
        @Nullable Integer servicesTotal,
        @Nullable Instant retryingSince,
        @Nullable Instant nextAttemptAt,
        @Nullable Instant erasedAt,
        @Nullable Instant cancelledAt,
        @Nullable String failureReason,
        @Nullable URI receiptUrl,
        @Nullable Instant availableUntil,
        boolean live) {

    OwnerDeletionStatus withLive(boolean answered) {
        return new OwnerDeletionStatus(
                tenantId,
                jobId,
                state,
                message,
                requestedAt,
                eraseAt,
                canCancel,
                onHold,
                servicesDone,
                servicesTotal,
                retryingSince,
                nextAttemptAt,
                erasedAt,
                cancelledAt,
                failureReason,
                receiptUrl,
                availableUntil,
                answered);
    }

    OwnerDeletionStatus withCancel(boolean cancellable) {
        return new OwnerDeletionStatus(
                tenantId,
                jobId,
                state,
                message,
                requestedAt,
                eraseAt,
                cancellable,
                onHold,
                servicesDone,
                servicesTotal,
                retryingSince,
                nextAttemptAt,
                erasedAt,
                cancelledAt,
                failureReason,
                receiptUrl,
                availableUntil,
                live);
    }

    OwnerDeletionStatus withHold(boolean held) {
        return new OwnerDeletionStatus(
                tenantId,
                jobId,
                state,
                message,
                requestedAt,
                eraseAt,
                canCancel,
                held,
                servicesDone,
                servicesTotal,
                retryingSince,
                nextAttemptAt,
                erasedAt,
                cancelledAt,
                failureReason,
                receiptUrl,
                availableUntil,
                live);
    }

    OwnerDeletionStatus withProgress(
            int done, int total, @Nullable Instant retryingFrom, @Nullable Instant nextAttempt) {
        return new OwnerDeletionStatus(
                tenantId,
                jobId,
                state,
                message,
                requestedAt,
                eraseAt,
                canCancel,
                onHold,
                done,
                total,
                retryingFrom,
                nextAttempt,
                erasedAt,
                cancelledAt,
                failureReason,
                receiptUrl,
                availableUntil,
                live);
    }

    OwnerDeletionStatus withFailure(@Nullable String reason) {
        return new OwnerDeletionStatus(
                tenantId,
                jobId,
                state,
                message,
                requestedAt,
                eraseAt,
                canCancel,
                onHold,
                servicesDone,
                servicesTotal,
                retryingSince,
                nextAttemptAt,
                erasedAt,
                cancelledAt,
                reason,
                receiptUrl,
                availableUntil,
                live);
    }

    /** Where an erasure is, in the owner's terms. */
    public enum State {
        /** Waiting out the grace period; can be cancelled. */
        SCHEDULED,
        /** A legal hold keeps it waiting; it does not begin while the hold lasts. */
        ON_HOLD,
        /** The services are erasing the tenant. */
        IN_PROGRESS,
        /** A service did not answer; the erasure is tried again on its own. */
        RETRYING,
        /** Every service erased the tenant; the receipt can be downloaded. */
        COMPLETED,
        /** Cancelled: the bakery is active again. */
        CANCELLED,
        /** The erasure stopped with an error; support has been alerted. */
        FAILED;

        @JsonValue
        String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
