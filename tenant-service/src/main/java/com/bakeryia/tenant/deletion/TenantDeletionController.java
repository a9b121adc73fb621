package com.bakeryia.tenant.deletion;

import com.bakeryia.tenant.deletion.TenantDeletionService.CancelledDeletion;
import com.bakeryia.tenant.problems.Ids;
import com.bakeryia.tenant.security.UserTokenAuthentication;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The owner's deletion of a tenant and its cancellation. */
@RestController
@RequestMapping("/api/v1/tenants/{tenantId}")
class TenantDeletionController {

    private static final String TENANT_ID = "tenant_id";

    private final TenantDeletionService service;

    TenantDeletionController(TenantDeletionService service) {
        this.service = service;
    }

    /** 202 with the job id and its status URL (also in {@code Location}). */
    @DeleteMapping
    ResponseEntity<DeletionRequest> delete(@PathVariable String tenantId, UserTokenAuthentication caller) {
        DeletionRequest request = service.requestDeletion(Ids.parse(TENANT_ID, tenantId), caller.userId());
        return ResponseEntity.accepted().location(request.statusUrl()).body(request);
    }

    @PostMapping("/deletion/cancel")
    CancelledDeletion cancel(@PathVariable String tenantId, UserTokenAuthentication caller) {
        return service.cancel(Ids.parse(TENANT_ID, tenantId), caller.userId());
    }
}
