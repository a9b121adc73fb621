package com.bakeryia.tenant.deletion;

import com.bakeryia.fleet.web.FleetProblem;
import com.bakeryia.fleet.web.FleetProblemException;
import com.bakeryia.tenant.deletion.DeletionStatusRecords.Record;
import com.bakeryia.tenant.deletion.OrchestratorClient.OrchestratorCallException;
import com.bakeryia.tenant.deletion.OwnerDeletionStatus.State;
import com.bakeryia.tenant.tenants.MemberRole;
import com.bakeryia.tenant.tenants.Membership;
import com.bakeryia.tenant.tenants.TenantAccess;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The owner's view of their tenant's erasure and its receipt. While the tenant exists, its OWNER
 * and ADMINs may read it; once it is erased, only the owner recorded with the request ({@link
 * DeletionStatusRecords}) may, for {@code tenant.deletion.status-retention}; afterwards, and for
 * anyone else, it is 404 as for a tenant that never existed.
 *
 * <p>The state combines tenant-service's record with the job the orchestrator holds (read with
 * tenant-service's service token, outside any transaction). When the orchestrator cannot be asked,
 * the answer is what tenant-service knows by itself, marked {@code live: false}.
 */
@Service
class OwnerDeletionStatuses {

    private static final Logger log = LoggerFactory.getLogger(OwnerDeletionStatuses.class);

    private final TenantAccess access;
    private final DeletionStatusRecords records;
    private final OrchestratorClient orchestrator;
    private final TransactionTemplate readOnly;
    private final TenantDeletionProperties properties;
    private final Clock clock;

    OwnerDeletionStatuses(
            TenantAccess access,
            DeletionStatusRecords records,
            OrchestratorClient orchestrator,
            TransactionTemplate transactions,
            TenantDeletionProperties properties,
            Clock clock) {
        this.access = access;
        this.records = records;
        this.orchestrator = orchestrator;
        this.readOnly = new TransactionTemplate(Objects.requireNonNull(transactions.getTransactionManager()));
        this.readOnly.setReadOnly(true);
        this.properties = properties;
        this.clock = clock;
    }

    /** The status of the tenant's latest erasure request, as the caller may see it. */
    OwnerDeletionStatus status(UUID tenantId, UUID callerId) {
        Record record = readableRecord(tenantId, callerId);
        Instant now = clock.instant();
        if (record.cancelledAt() != null) {
            return cancelled(record, record.cancelledAt());
        }
        Optional<JsonNode> job;
        try {
            job = orchestrator.readJobView(record.jobId(), tenantId);
        } catch (OrchestratorCallException e) {
            log.warn(
                    "Status of deletion job {} of tenant {}: the orchestrator could not be asked ({}); answering"
                            + " what tenant-service knows",
                    record.jobId(),
                    tenantId,
                    e.getMessage());
            return local(record, now, false);
        }
        if (job.isEmpty()) {
            // The request has not reached the orchestrator yet (the outbox delivers it): waiting.
            return local(record, now, true);
        }
        return fromJob(record, job.get(), now);
    }

    /**
     * The signed receipt of the tenant's completed erasure, with the orchestrator's receipt keys
     * that verify it offline.
     */
    OwnerReceipt receipt(UUID tenantId, UUID callerId) {
        Record record = readableRecord(tenantId, callerId);
        if (record.cancelledAt() != null) {
            throw notCompleted(record, "it was cancelled");
        }
        try {
            JsonNode answer = orchestrator
                    .readReceipt(record.jobId(), tenantId)
                    .orElseThrow(() -> notCompleted(record, "the orchestrator has no such job"));
            return new OwnerReceipt(
                    tenantId,
                    record.jobId(),
                    answer.path("type").asText(),
                    answer.path("receipt").asText(),
                    orchestrator.receiptKeys());
        } catch (OrchestratorCallException e) {
            log.info(
                    "Receipt of deletion job {} of tenant {} not available: {}",
                    record.jobId(),
                    tenantId,
                    e.getMessage());
            throw notCompleted(record, "the erasure has not completed, or its receipt cannot be read now");
        }
    }

    private Record readableRecord(UUID tenantId, UUID callerId) {
        Instant now = clock.instant();
        return Objects.requireNonNull(readOnly.execute(status -> {
            Optional<Membership> member = access.memberIfTenantExists(tenantId, callerId);
            if (member.isPresent()) {
                member.get().requireRole("Reading the tenant's deletion status", MemberRole.OWNER, MemberRole.ADMIN);
                return records.latest(tenantId)
                        .filter(r -> r.endedAt() == null || !expired(r, now))
                        .orElseThrow(() -> new FleetProblemException(
                                FleetProblem.NO_DELETION_REQUESTED, "Tenant " + tenantId + " has no erasure request"));
            }
            // The tenant is gone: only its former owner, and only during the retention period.
            return records.latest(tenantId)
                    .filter(r -> r.erasedAt() != null && callerId.equals(r.ownerId()) && !expired(r, now))
                    .orElseThrow(() -> TenantAccess.notFound(tenantId));
        }));
    }

    private boolean expired(Record record, Instant now) {
        Instant ended = Objects.requireNonNull(record.endedAt());
        return !now.isBefore(ended.plus(properties.statusRetention()));
    }

    private OwnerDeletionStatus fromJob(Record record, JsonNode job, Instant now) {
        String status = job.path("status").asText("");
        boolean onHold = job.path("on_hold").asBoolean(false);
        int total = job.path("steps").size();
        int done = 0;
        for (JsonNode step : job.path("steps")) {
            if ("SUCCEEDED".equals(step.path("status").asText())) {
                done++;
            }
        }
        boolean cancellable = job.path("cancellable").asBoolean(false) && now.isBefore(record.eraseAt());
        return switch (status) {
            case "CANCELLED" -> cancelled(record, instant(job, "finished_at"));
            case "COMPLETED" -> completed(record, instant(job, "finished_at"));
            case "FAILED" ->
                base(
                                record,
                                State.FAILED,
                                "The erasure stopped with an error; support has been alerted and will finish it. Nothing"
                                        + " needs to be done on your side.")
                        .failureReason(job.path("failure_reason").asText(null))
                        .build();
            case "RETRYING" ->
                base(
                                record,
                                State.RETRYING,
                                "A service did not answer; the erasure is tried again on its own"
                                        + (onHold ? " once the legal hold is lifted." : "."))
                        .progress(done, total)
                        .retrying(instant(job, "retrying_since"), instant(job, "next_attempt_at"))
                        .onHold(onHold)
                        .build();
            default -> {
                if (onHold && done == 0) {
                    yield base(
                                    record,
                                    State.ON_HOLD,
                                    "A legal hold keeps the erasure waiting; it begins once the hold is lifted.")
                            .canCancel(cancellable)
                            .onHold(true)
                            .build();
                }
                if ("PENDING".equals(status) && now.isBefore(record.eraseAt())) {
                    yield scheduled(record).canCancel(cancellable).build();
                }
                yield inProgress(record)
                        .progress(done, total)
                        .canCancel(cancellable)
                        .build();
            }
        };
    }

    /** What tenant-service knows without the orchestrator (or before the request reached it). */
    private OwnerDeletionStatus local(Record record, Instant now, boolean live) {
        OwnerDeletionStatus.Builder status;
        if (record.erasedAt() != null) {
            status = base(
                    record,
                    State.IN_PROGRESS,
                    "The bakery's data is erased here; the receipt is available once every service confirmed.");
        } else if (now.isBefore(record.eraseAt())) {
            status = scheduled(record).canCancel(true);
        } else {
            status = inProgress(record);
        }
        return status.live(live).build();
    }

    private OwnerDeletionStatus.Builder scheduled(Record record) {
        return base(
                record,
                State.SCHEDULED,
                "The bakery will be erased at " + record.eraseAt() + ". Until then it can be cancelled, and its"
                        + " data can be exported (POST /api/v1/tenants/" + record.tenantId() + "/exports).");
    }

    private OwnerDeletionStatus.Builder inProgress(Record record) {
        return base(record, State.IN_PROGRESS, "The services are erasing the bakery's data.");
    }

    private OwnerDeletionStatus completed(Record record, @Nullable Instant finishedAt) {
        Instant erasedAt = finishedAt != null ? finishedAt : record.erasedAt();
        Instant ended = record.erasedAt() != null ? record.erasedAt() : erasedAt;
        return base(
                        record,
                        State.COMPLETED,
                        "The bakery's data is erased from every service. The signed receipt can be downloaded"
                                + " until the date given in available_until.")
                .erasedAt(erasedAt)
                .receiptUrl(URI.create("/api/v1/tenants/" + record.tenantId() + "/deletion/receipt"))
                .availableUntil(ended == null ? null : ended.plus(properties.statusRetention()))
                .build();
    }

    private OwnerDeletionStatus cancelled(Record record, @Nullable Instant cancelledAt) {
        Instant at = record.cancelledAt() != null ? record.cancelledAt() : cancelledAt;
        return base(record, State.CANCELLED, "The erasure was cancelled; the bakery is active.")
                .cancelledAt(at)
                .availableUntil(at == null ? null : at.plus(properties.statusRetention()))
                .build();
    }

    private static OwnerDeletionStatus.Builder base(Record record, State state, String message) {
        return OwnerDeletionStatus.builder(
                record.tenantId(), record.jobId(), state, message, record.requestedAt(), record.eraseAt());
    }

    private static @Nullable Instant instant(JsonNode node, String field) {
        String text = node.path(field).asText(null);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static FleetProblemException notCompleted(Record record, String why) {
        return new FleetProblemException(
                FleetProblem.RECEIPT_NOT_AVAILABLE,
                "The erasure of tenant " + record.tenantId() + " (job " + record.jobId() + ") has no receipt: " + why);
    }

    /**
     * The receipt of a completed erasure, for its owner.
     *
     * @param type the receipt's JWS type ({@code deletion-receipt+jwt})
     * @param receipt the compact JWS (ES256)
     * @param jwks the orchestrator's public receipt keys, which verify it offline
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record OwnerReceipt(UUID tenantId, UUID jobId, String type, String receipt, JsonNode jwks) {}
}
