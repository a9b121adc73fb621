package com.bakeryia.orchestrator.receipt;

import com.bakeryia.deletion.token.CanonicalUuid;
import com.bakeryia.orchestrator.job.JobProblems;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/deletion-jobs/{jobId}/receipt}. */
@RestController
class ReceiptController {

    private final DeletionReceipts receipts;

    ReceiptController(DeletionReceipts receipts) {
        this.receipts = receipts;
    }

    @GetMapping("/api/v1/deletion-jobs/{jobId}/receipt")
    ReceiptView receipt(@PathVariable String jobId) {
        if (!CanonicalUuid.isCanonical(jobId)) {
            throw JobProblems.badRequest("The job id is not a UUID: " + jobId);
        }
        UUID id = UUID.fromString(jobId);
        return new ReceiptView(id, DeletionReceipts.TYPE, receipts.issue(id), "/.well-known/jwks.json");
    }

    /**
     * The receipt and how to check it.
     *
     * @param receipt the compact JWS
     * @param jwksUri where the orchestrator publishes the key that signed it
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ReceiptView(UUID jobId, String type, String receipt, String jwksUri) {}
}
