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

    static Builder builder(
            UUID tenantId, UUID jobId, State state, String message, Instant requestedAt, Instant eraseAt) {
        return new Builder(tenantId, jobId, state, message, requestedAt, eraseAt);
    }

    /** Builds a status from what every state has; the facts of a state are set on it. */
    static final class Builder {

        private final UUID tenantId;
        private final UUID jobId;
        private final State state;
        private final String message;
        private final Instant requestedAt;
        private final Instant eraseAt;
        private boolean canCancel;
        private boolean onHold;
        private @Nullable Integer servicesDone;
        private @Nullable Integer servicesTotal;
        private @Nullable Instant retryingSince;
        private @Nullable Instant nextAttemptAt;
        private @Nullable Instant erasedAt;
        private @Nullable Instant cancelledAt;
        private @Nullable String failureReason;
        private @Nullable URI receiptUrl;
        private @Nullable Instant availableUntil;
        private boolean live = true;

        private Builder(UUID tenantId, UUID jobId, State state, String message, Instant requestedAt, Instant eraseAt) {
            this.tenantId = tenantId;
            this.jobId = jobId;
            this.state = state;
            this.message = message;
            this.requestedAt = requestedAt;
            this.eraseAt = eraseAt;
        }

        Builder canCancel(boolean value) {
            this.canCancel = value;
            return this;
        }

        Builder onHold(boolean value) {
            this.onHold = value;
            return this;
        }

        Builder progress(int done, int total) {
            this.servicesDone = done;
            this.servicesTotal = total;
            return this;
        }

        Builder retrying(@Nullable Instant since, @Nullable Instant nextAttempt) {
            this.retryingSince = since;
            this.nextAttemptAt = nextAttempt;
            return this;
        }

        Builder erasedAt(@Nullable Instant value) {
            this.erasedAt = value;
            return this;
        }

        Builder cancelledAt(@Nullable Instant value) {
            this.cancelledAt = value;
            return this;
        }

        Builder failureReason(@Nullable String value) {
            this.failureReason = value;
            return this;
        }

        Builder receiptUrl(URI value) {
            this.receiptUrl = value;
            return this;
        }

        Builder availableUntil(@Nullable Instant value) {
            this.availableUntil = value;
            return this;
        }

        Builder live(boolean value) {
            this.live = value;
            return this;
        }

        OwnerDeletionStatus build() {
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
                    live);
        }
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
