package com.bakeryia.orchestrator.receipt;

import com.bakeryia.fleet.web.FleetProblem;
import com.bakeryia.fleet.web.InvalidId;
import com.bakeryia.orchestrator.job.JobProblems;
import com.bakeryia.orchestrator.security.Caller;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/deletion-jobs/{jobId}/receipt}. */
@RestController
@Tag(name = "Deletion receipts", description = "Signed proof of what a completed deletion job erased.")
@InvalidId(problem = FleetProblem.INVALID_REQUEST, detail = "The %4$s is not a UUID: %2$s")
class ReceiptController {

    private final DeletionReceipts receipts;

    ReceiptController(DeletionReceipts receipts) {
        this.receipts = receipts;
    }

    @GetMapping("/api/v1/deletion-jobs/{jobId}/receipt")
    @Operation(
            operationId = "getDeletionReceipt",
            summary = "Get the signed receipt of a completed deletion job",
            description =
                    "A compact JWS (ES256, typ deletion-receipt+jwt) of what was erased per service and table,"
                            + " with the head of the verified audit chain; the receipt keys at jwks_uri (/.well-known/receipt-jwks.json) verify it. Caller: an operator or administrator (user token with the role deletion-ops or deletion-admin), or tenant-service for the tenant's owner (scope deletion-jobs.read, job_id equal to the path's, tenant_id the job's tenant; another tenant's job answers 404).")
    @ApiResponse(responseCode = "200", description = "The receipt")
    @ApiResponse(responseCode = "409", description = "The job is not COMPLETED, or its audit chain does not verify")
    ReceiptView receipt(@PathVariable UUID jobId, Authentication authentication) {
        Caller caller = Caller.of(authentication);
        String receipt;
        try {
            receipt = receipts.issue(jobId, caller::mayActOnTenant).orElseThrow(() -> JobProblems.notFound(jobId));
        } catch (NoReceiptException ex) {
            throw JobProblems.conflict(ex.getMessage());
        }
        return new ReceiptView(jobId, DeletionReceipts.TYPE, receipt, ReceiptJwksController.PATH);
    }

    /**
     * The receipt and how to check it.
     *
     * @param receipt the compact JWS
     * @param jwksUri where the orchestrator publishes the receipt keys ({@code /.well-known/receipt-jwks.json}),
     *     not the service-token keys
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ReceiptView(UUID jobId, String type, String receipt, String jwksUri) {}
}
