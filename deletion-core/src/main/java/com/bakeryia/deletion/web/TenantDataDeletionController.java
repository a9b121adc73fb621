package com.bakeryia.deletion.web;

import com.bakeryia.deletion.DeletionContext;
import com.bakeryia.deletion.TenantDataDeletionService;
import com.bakeryia.deletion.api.DeletionEndpoints;
import com.bakeryia.deletion.api.DeletionPreview;
import com.bakeryia.deletion.api.DeletionResult;
import com.bakeryia.fleet.token.ServiceTokenClaims;
import com.bakeryia.fleet.web.FleetProblem;
import com.bakeryia.fleet.web.InvalidId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The two endpoints every tenant-data service serves, under {@code /api/v1/{svc}} (the prefix is
 * added by {@link DeletionWebAutoConfiguration}). Who may call them is decided by {@code
 * DeletionEndpointsSecurityAutoConfiguration}'s filter chain; the OpenAPI annotations only describe it (they
 * are ignored where springdoc, an optional dependency, is absent).
 */
@RestController
@RequestMapping(DeletionEndpoints.DELETE)
@InvalidId(
        problem = FleetProblem.INVALID_TENANT_ID,
        detail = "Tenant id '%2$s' is not a canonical UUID (8-4-4-4-12 hexadecimal digits)")
@Tag(
        name = "Tenant data deletion",
        description = "Preview and erase one tenant's data in this service. Called by the orchestrator's"
                + " deletion jobs with service tokens; user tokens are refused.")
class TenantDataDeletionController {

    private final ObjectProvider<TenantDataDeletionService> service;
    private final DeletionCapacity capacity;

    TenantDataDeletionController(ObjectProvider<TenantDataDeletionService> service, DeletionCapacity capacity) {
        this.service = service;
        this.capacity = capacity;
    }

    @GetMapping(DeletionEndpoints.PREVIEW_BELOW_DELETE)
    @Operation(
            operationId = "previewTenantData",
            summary = "Count what erasing the tenant would delete in this service",
            description = "Read-only: the tenant's rows per erased table in deletion order, the retained tables"
                    + " with their legal basis, and its data outside the database. Needs the orchestrator's"
                    + " service token addressed to this service, with scope tenant-data.preview and tenant_id"
                    + " equal to the tenant in the path.")
    DeletionPreview preview(@PathVariable UUID tenantId) {
        return service.getObject().preview(tenantId);
    }

    @DeleteMapping
    @Operation(
            operationId = "deleteTenantData",
            summary = "Erase all of the tenant's data in this service and verify it",
            description = "Deletes every row and file of the tenant, re-counts to verify that nothing is left and"
                    + " refuses the tenant's writes from then on; idempotent (an unknown or already erased tenant"
                    + " succeeds with zero counts). Needs the orchestrator's service token addressed to this"
                    + " service, with scope tenant-data.delete and tenant_id equal to the tenant in the path.")
    @ApiResponse(
            responseCode = "200",
            description = "Erased and verified: success and verified are true, with the rows deleted per table")
    @ApiResponse(
            responseCode = "500",
            description = "The run failed or rows remain: the same result body with success false, the errors"
                    + " and remaining_counts")
    @ApiResponse(
            responseCode = "503",
            description = "deletion-capacity-exhausted: deletion.max-concurrent-runs runs are already in progress;"
                    + " nothing was done, retry after the Retry-After header's seconds",
            content =
                    @Content(
                            mediaType = "application/problem+json",
                            schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<DeletionResult> delete(@PathVariable UUID tenantId, @Nullable Principal principal) {
        if (!capacity.tryAcquire()) {
            throw new CapacityExhaustedException("deletion runs", capacity.limit(), capacity.retryAfterSeconds());
        }
        try {
            DeletionResult result = service.getObject().delete(tenantId, contextOf(principal));
            return ResponseEntity.status(result.success() ? HttpStatus.OK : HttpStatus.INTERNAL_SERVER_ERROR)
                    .body(result);
        } finally {
            capacity.release();
        }
    }

    private static DeletionContext contextOf(@Nullable Principal principal) {
        if (principal instanceof JwtAuthenticationToken token) {
            return new DeletionContext(
                    token.getToken().getClaimAsString(ServiceTokenClaims.JOB_ID),
                    token.getToken().getSubject());
        }
        return DeletionContext.none();
    }
}
