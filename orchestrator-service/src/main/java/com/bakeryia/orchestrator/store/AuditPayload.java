package com.bakeryia.orchestrator.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What each audit event records, as its JSON payload (snake_case keys). Times and ids are text,
 * so the payload reads the same in every Jackson configuration.
 */
sealed interface AuditPayload {

    AuditEventType type();

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record JobCreated(
            String tenantId,
            String requestedBy,
            @Nullable String reason,
            String notBefore,
            List<String> services,
            String caller)
            implements AuditPayload {
        @Override
        public AuditEventType type() {
            return AuditEventType.JOB_CREATED;
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record JobClaimed(String worker, int attempt, long leaseVersion) implements AuditPayload {
        @Override
        public AuditEventType type() {
            return AuditEventType.JOB_CLAIMED;
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record StepSucceeded(
            String service, Map<String, Long> deletedCounts, long totalDeleted, boolean verified, String worker)
            implements AuditPayload {
        @Override
        public AuditEventType type() {
            return AuditEventType.STEP_SUCCEEDED;
        }
    }

    record StepFailed(String service, String error, String worker) implements AuditPayload {
        @Override
        public AuditEventType type() {
            return AuditEventType.STEP_FAILED;
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record StepRetryScheduled(
            String service, String error, String nextAttemptAt, int retries, boolean counted, String worker)
            implements AuditPayload {
        @Override
        public AuditEventType type() {
            return AuditEventType.STEP_RETRY_SCHEDULED;
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record JobRetrying(String nextAttemptAt, String worker) implements AuditPayload {
        @Override
        public AuditEventType type() {
            return AuditEventType.JOB_RETRYING;
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record JobCompleted(long totalDeleted, String worker) implements AuditPayload {
        @Override
        public AuditEventType type() {
            return AuditEventType.JOB_COMPLETED;
        }
    }

    record JobFailed(String error, String reason, String worker) implements AuditPayload {
        @Override
        public AuditEventType type() {
            return AuditEventType.JOB_FAILED;
        }
    }

    record JobRetried(String by, List<String> services) implements AuditPayload {
        @Override
        public AuditEventType type() {
            return AuditEventType.JOB_RETRIED;
        }
    }

    record JobCancelled(String by) implements AuditPayload {
        @Override
        public AuditEventType type() {
            return AuditEventType.JOB_CANCELLED;
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AdminActionRequested(
            String requestId,
            String action,
            String by,
            String reason,
            @Nullable String notBefore) implements AuditPayload {
        @Override
        public AuditEventType type() {
            return AuditEventType.ADMIN_ACTION_REQUESTED;
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AdminActionApproved(
            String requestId,
            String action,
            String by,
            String requestedBy,
            String reason,
            @Nullable String notBefore) implements AuditPayload {
        @Override
        public AuditEventType type() {
            return AuditEventType.ADMIN_ACTION_APPROVED;
        }
    }

    /**
     * A hold placed on the job's tenant: appended when it is placed while the tenant has an active
     * job, or, for a hold placed before the job existed, when the job is created ({@code at} is then
     * the job's creation, {@code placed_at} the hold's).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record LegalHoldPlaced(String holdId, String tenantId, String by, String reason, String reference, String placedAt)
            implements AuditPayload {
        @Override
        public AuditEventType type() {
            return AuditEventType.LEGAL_HOLD_PLACED;
        }
    }

    /** A hold on the job's tenant lifted; {@code reason} is the lift's, {@code reference} the hold's. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record LegalHoldLifted(String holdId, String tenantId, String by, String reason, String reference, String placedBy)
            implements AuditPayload {
        @Override
        public AuditEventType type() {
            return AuditEventType.LEGAL_HOLD_LIFTED;
        }
    }

    /** A worker that had claimed the job found the tenant on hold before starting a step, and let it wait. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record JobHeld(String holdId, String worker) implements AuditPayload {
        @Override
        public AuditEventType type() {
            return AuditEventType.JOB_HELD;
        }
    }
}
