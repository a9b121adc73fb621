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
import org.springframework.web.bind.annotation.GetMapping;
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
    private final OwnerDeletionStatuses statuses;
    private final StepUpAuthentication stepUp;

    TenantDeletionController(
            TenantDeletionService service, OwnerDeletionStatuses statuses, StepUpAuthentication stepUp) {
        this.service = service;
        this.statuses = statuses;
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
            description = "Accepted: the job id, erase_at (the end of the grace period, tenant.deletion.grace-period,"
                    + " P7D) and the status URL /api/v1/tenants/{id}/deletion (also in Location)")
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

    @GetMapping("/deletion")
    @Operation(
            operationId = "getTenantDeletionStatus",
            summary = "The erasure of a tenant as its owner sees it",
            description = "state: scheduled (erase_at, can_cancel), on_hold (a legal hold keeps it waiting),"
                    + " in_progress (services_done of services_total), retrying (retrying_since, next_attempt_at),"
                    + " completed (erased_at, receipt_url), cancelled (cancelled_at), failed (failure_reason;"
                    + " support has been alerted). Caller: the tenant's OWNER or an ADMIN while the tenant exists;"
                    + " after the erasure its former owner, for tenant.deletion.status-retention (P90D, until"
                    + " available_until); afterwards 404. live is false when the orchestrator could not be asked.")
    @ApiResponse(responseCode = "200", description = "The status of the tenant's latest erasure request")
    @ApiResponse(responseCode = "403", description = "insufficient-role: a MEMBER; membership-revoked")
    @ApiResponse(
            responseCode = "404",
            description = "tenant-not-found (also for an erased tenant once its retention has passed, and for anyone"
                    + " but its former owner), or no-deletion-requested")
    OwnerDeletionStatus status(@PathVariable UUID tenantId, UserTokenAuthentication caller) {
        return statuses.status(tenantId, caller.userId());
    }

    @GetMapping("/deletion/receipt")
    @Operation(
            operationId = "getTenantDeletionReceipt",
            summary = "The signed receipt of a tenant's completed erasure",
            description = "The orchestrator's receipt (compact JWS, ES256, typ deletion-receipt+jwt: what was"
                    + " erased per service and table) and its public receipt keys (jwks) to verify it offline"
                    + " (scripts/verify-receipt). Caller: as for the status (OWNER or ADMIN; after the erasure its"
                    + " former owner, until available_until; afterwards 404).")
    @ApiResponse(responseCode = "200", description = "The receipt and the keys that verify it")
    @ApiResponse(
            responseCode = "409",
            description = "receipt-not-available: the erasure has not completed (or was cancelled)")
    OwnerDeletionStatuses.OwnerReceipt receipt(@PathVariable UUID tenantId, UserTokenAuthentication caller) {
        return statuses.receipt(tenantId, caller.userId());
    }

    @PostMapping("/deletion/cancel")
    @Operation(
            operationId = "cancelTenantDeletion",
            summary = "Cancel a tenant's pending deletion during its grace period",
            description = "Possible until erase_at (the job's not_before; tenant.deletion.grace-period, P7D) while"
                    + " no step of the job has started (the orchestrator's point of no return); the tenant is ACTIVE"
                    + " again. The orchestrator is called with no transaction open here; if its answer is lost,"
                    + " the tenant stays DELETION_PENDING and becomes ACTIVE once tenant-service reads the job"
                    + " CANCELLED. Caller: the tenant's OWNER or an ADMIN, with their user token.")
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
