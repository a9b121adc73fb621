package com.bakeryia.orchestrator.preview;

import com.bakeryia.fleet.web.FleetProblem;
import com.bakeryia.fleet.web.InvalidId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/tenants/{tenantId}/deletion-preview}. */
@RestController
@Tag(name = "Deletion preview", description = "What erasing a tenant would delete, across the fleet.")
@InvalidId(problem = FleetProblem.INVALID_REQUEST, detail = "The %4$s is not a UUID: %2$s")
class DeletionPreviewController {

    private final DeletionPreviews previews;

    DeletionPreviewController(DeletionPreviews previews) {
        this.previews = previews;
    }

    @GetMapping("/api/v1/tenants/{tenantId}/deletion-preview")
    @Operation(
            operationId = "previewTenantDeletion",
            summary = "Preview what erasing a tenant would delete in every service",
            description =
                    "Asks every enabled service for its preview in parallel and adds up the counts; partial"
                            + " is true when a service did not answer, total then being a lower bound. Caller: an operator or administrator (user token with the role deletion-ops or deletion-admin).")
    DeletionPreviews.TenantPreview preview(@PathVariable UUID tenantId) throws InterruptedException {
        return previews.preview(tenantId);
    }
}
