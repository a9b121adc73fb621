package com.bakeryia.tenant.deletion;

import com.bakeryia.fleet.security.UserTokenAuthentication;
import com.bakeryia.tenant.deletion.TenantDeletionService.CancelledDeletion;
import com.bakeryia.tenant.security.StepUpAuthentication;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The owner's deletion of a tenant and its cancellation. */
@RestController
@RequestMapping("/api/v1/tenants/{tenantId}")
@Tag(
        name = "Tenant deletion requests",
        description = "The owner's request to erase a tenant (GDPR Art. 17) and its cancellation during the grace"
                + " period. Only the tenant's OWNER, with their user token.")
class TenantDeletionController {

    private final TenantDeletionService service;
    private final StepUpAuthentication stepUp;

    TenantDeletionController(TenantDeletionService service, StepUpAuthentication stepUp) {
        this.service = service;
        this.stepUp = stepUp;
    }

    /** 202 with the job id and its status URL (also in {@code Location}). */
    @DeleteMapping
    @Operation(
            operationId = "requestTenantDeletion",
            summary = "Request the erasure of a tenant",
            description = "Marks the tenant DELETION_PENDING and has the orchestrator create its deletion job, at"
                    + " once or, while the orchestrator is unreachable, later from the outbox; the answer comes at"
                    + " once either way, and a repeated request answers the same job. Caller: the tenant's OWNER,"
                    + " with a user token whose auth_time is at most tenant.security.max-auth-age (5 min) old"
                    + " (RFC 9470 step-up).")
    @ApiResponse(
            responseCode = "202",
            description = "Accepted: the job id and its status URL at the orchestrator (also in Location)")
    @ApiResponse(
            responseCode = "401",
            description = "insufficient-user-authentication: the token has no auth_time or the sign-in is older than"
                    + " max_age (WWW-Authenticate: Bearer error=\"insufficient_user_authentication\", max_age=...);"
                    + " sign in again and retry; nothing changed")
    ResponseEntity<DeletionRequest> delete(@PathVariable UUID tenantId, UserTokenAuthentication caller) {
        stepUp.requireRecentAuthentication(caller);
        DeletionRequest request = service.requestDeletion(tenantId, caller.userId());
        return ResponseEntity.accepted().location(request.statusUrl()).body(request);
    }

    @PostMapping("/deletion/cancel")
    @Operation(
            operationId = "cancelTenantDeletion",
            summary = "Cancel a tenant's pending deletion during its grace period",
            description = "Possible until the job's not_before (tenant.deletion.grace-period, none by default) while"
                    + " no step of the job has started (the orchestrator's point of no return); the tenant is ACTIVE"
                    + " again. The orchestrator is called with no transaction open here; if its answer is lost,"
                    + " the tenant stays DELETION_PENDING and becomes ACTIVE once tenant-service reads the job"
                    + " CANCELLED. Caller: the tenant's OWNER, with their user token.")
    @ApiResponse(responseCode = "200", description = "Cancelled: the tenant is ACTIVE again")
    @ApiResponse(
            responseCode = "409",
            description = "no-deletion-pending, or deletion-not-cancellable (grace period over, or a step has started:"
                    + " the erasure has begun and cannot be stopped)")
    @ApiResponse(
            responseCode = "503",
            description = "orchestrator-unavailable: no answer from the orchestrator (or a delivery of the request in"
                    + " flight); the tenant stays DELETION_PENDING; try again")
    CancelledDeletion cancel(@PathVariable UUID tenantId, UserTokenAuthentication caller) {
        return service.cancel(tenantId, caller.userId());
    }
}
