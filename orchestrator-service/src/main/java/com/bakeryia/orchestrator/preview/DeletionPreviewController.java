package com.bakeryia.orchestrator.preview;

import com.bakeryia.deletion.token.CanonicalUuid;
import com.bakeryia.orchestrator.job.JobProblems;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/tenants/{tenantId}/deletion-preview}. */
@RestController
class DeletionPreviewController {

    private final DeletionPreviews previews;

    DeletionPreviewController(DeletionPreviews previews) {
        this.previews = previews;
    }

    @GetMapping("/api/v1/tenants/{tenantId}/deletion-preview")
    DeletionPreviews.TenantPreview preview(@PathVariable String tenantId) throws InterruptedException {
        if (!CanonicalUuid.isCanonical(tenantId)) {
            throw JobProblems.badRequest("The tenant id is not a UUID: " + tenantId);
        }
        return previews.preview(UUID.fromString(tenantId));
    }
}
