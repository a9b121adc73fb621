package com.bakeryia.orchestrator.audit;

import com.bakeryia.fleet.web.FleetProblem;
import com.bakeryia.fleet.web.InvalidId;
import com.bakeryia.orchestrator.job.JobProblems;
import com.bakeryia.orchestrator.store.AuditTrail;
import com.bakeryia.orchestrator.store.ChainVerification;
import com.bakeryia.orchestrator.store.JobStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/deletion-jobs/{jobId}/audit}: the job's audit events and whether their chain verifies. */
@RestController
@Tag(name = "Audit trail", description = "The append-only, hash-chained audit events of deletion jobs.")
@InvalidId(problem = FleetProblem.INVALID_REQUEST, detail = "The %4$s is not a UUID: %2$s")
class AuditController {

    private final AuditTrail audit;
    private final JobStore jobs;

    AuditController(AuditTrail audit, JobStore jobs) {
        this.audit = audit;
        this.jobs = jobs;
    }

    @GetMapping("/api/v1/deletion-jobs/{jobId}/audit")
    @Operation(
            operationId = "getDeletionJobAudit",
            summary = "Get a deletion job's audit trail and check its hash chain",
            description =
                    "Every audit event of the job in order, and whether their SHA-256 hash chain verifies"
                            + " (its head, or where it breaks). Caller: an operator or administrator (user token with the role deletion-ops or deletion-admin).")
    AuditView audit(@PathVariable UUID jobId) {
        UUID id =
                jobs.find(jobId).orElseThrow(() -> JobProblems.notFound(jobId)).id();
        return new AuditView(
                id,
                audit.verify(id),
                audit.events(id).stream()
                        .map(e -> new EventView(
                                e.sequence(), e.at(), e.type(), e.payload(), e.payloadHash(), e.prevHash(), e.hash()))
                        .toList());
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record AuditView(UUID jobId, ChainVerification chain, List<EventView> events) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record EventView(
            int sequence,
            Instant at,
            String type,
            JsonNode payload,
            @Nullable String payloadHash,
            String prevHash,
            String hash) {}
}
