package com.bakeryia.orchestrator.job;

import com.bakeryia.fleet.web.FleetProblem;
import com.bakeryia.fleet.web.InvalidId;
import com.bakeryia.orchestrator.security.Caller;
import com.bakeryia.orchestrator.store.LegalHold;
import com.bakeryia.orchestrator.store.LegalHolds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Legal holds on a tenant's erasure: an administrator places and lifts them; ops and the owner's page read them. */
@RestController
@RequestMapping("/api/v1/tenants/{tenantId}")
@Tag(
        name = "Legal holds",
        description = "A legal hold keeps a tenant's erasure from starting: the tenant's job, now or later,"
                + " waits PENDING (on_hold in the job view) until the hold is lifted. Administrators (deletion-admin)"
                + " place and lift holds; operators, administrators and tenant-service (scope deletion-jobs.read,"
                + " bound to the tenant) read them.")
@InvalidId(problem = FleetProblem.INVALID_REQUEST, detail = "The %4$s is not a UUID: %2$s")
class LegalHoldController {

    private static final int MAX_TEXT_LENGTH = 1000;

    private final LegalHolds holds;

    LegalHoldController(LegalHolds holds) {
        this.holds = holds;
    }

    @PutMapping("/legal-hold")
    @Operation(
            operationId = "placeLegalHold",
            summary = "Place a legal hold on a tenant's erasure (idempotent)",
            description = "{\"reason\", \"reference\"}, each 1 to 1000 characters. The tenant's active job, or its"
                    + " next one, starts no step until the hold is lifted. Refused once the active job's first step"
                    + " started (the point of no return). Placing the same hold again answers it (200); another"
                    + " reason or reference while a hold is active is refused. Recorded in the job's audit chain"
                    + " (LEGAL_HOLD_PLACED) and receipt. Caller: an administrator (role deletion-admin).")
    @ApiResponse(responseCode = "201", description = "Placed")
    @ApiResponse(responseCode = "200", description = "The same hold (reason and reference) was active already")
    @ApiResponse(responseCode = "400", description = "reason or reference missing, blank or too long")
    @ApiResponse(responseCode = "403", description = "Not an administrator")
    @ApiResponse(
            responseCode = "409",
            description = "legal-hold-exists: another hold is active; erasure-past-point-of-no-return: the tenant's"
                    + " job has begun erasing (the detail names the services); nothing was recorded")
    ResponseEntity<LegalHoldView> place(
            @PathVariable UUID tenantId,
            @RequestBody(required = false) @Nullable LegalHoldRequest body,
            Authentication authentication) {
        Caller caller = requireAdmin(authentication, "places");
        String reason = requireText("reason", body != null ? body.reason() : null);
        String reference = requireText("reference", body != null ? body.reference() : null);
        LegalHolds.Placement placement = holds.place(tenantId, caller.name(), reason, reference);
        return switch (placement.outcome()) {
            case PLACED -> ResponseEntity.status(HttpStatus.CREATED).body(LegalHoldView.of(placement.hold()));
            case ALREADY_PLACED -> ResponseEntity.ok(LegalHoldView.of(placement.hold()));
            case OTHER_HOLD_ACTIVE ->
                throw JobProblems.legalHoldExists("Tenant " + tenantId + " is on legal hold "
                        + placement.hold().id()
                        + " (reference " + placement.hold().reference() + ", placed by "
                        + placement.hold().placedBy() + "); lift it before placing another");
            case PAST_POINT_OF_NO_RETURN ->
                throw JobProblems.pastPointOfNoReturn("Deletion job " + placement.jobId() + " of tenant " + tenantId
                        + " has begun erasing in " + String.join(", ", placement.startedServices())
                        + " (the point of no return); it can no longer be held, only finished");
        };
    }

    @DeleteMapping("/legal-hold")
    @Operation(
            operationId = "liftLegalHold",
            summary = "Lift a tenant's legal hold",
            description = "?reason= (1 to 1000 characters). The tenant's job runs when due; its deadline is put"
                    + " back by the time it was held while due. Recorded in the job's audit chain (LEGAL_HOLD_LIFTED)"
                    + " and receipt. Caller: an administrator (role deletion-admin).")
    @ApiResponse(responseCode = "200", description = "The lifted hold")
    @ApiResponse(responseCode = "400", description = "reason missing, blank or too long")
    @ApiResponse(responseCode = "403", description = "Not an administrator")
    @ApiResponse(responseCode = "404", description = "legal-hold-not-found: the tenant has no active hold")
    LegalHoldView lift(
            @PathVariable UUID tenantId,
            @RequestParam(required = false) @Nullable String reason,
            Authentication authentication) {
        Caller caller = requireAdmin(authentication, "lifts");
        String liftReason = requireText("reason", reason);
        LegalHold lifted = holds.lift(tenantId, caller.name(), liftReason).orElseThrow(() -> noActiveHold(tenantId));
        return LegalHoldView.of(lifted);
    }

    @GetMapping("/legal-hold")
    @Operation(
            operationId = "getLegalHold",
            summary = "Get a tenant's active legal hold",
            description = "Caller: an operator or administrator (role deletion-ops or deletion-admin), or"
                    + " tenant-service (scope deletion-jobs.read, tenant_id the path's), for the owner's status page.")
    @ApiResponse(responseCode = "200", description = "The active hold")
    @ApiResponse(responseCode = "404", description = "legal-hold-not-found: the tenant has no active hold")
    LegalHoldView get(@PathVariable UUID tenantId) {
        return holds.active(tenantId).map(LegalHoldView::of).orElseThrow(() -> noActiveHold(tenantId));
    }

    @GetMapping("/legal-holds")
    @Operation(
            operationId = "listLegalHolds",
            summary = "Every legal hold ever placed on a tenant, oldest first",
            description = "Active and lifted. Caller: an operator or administrator (role deletion-ops or"
                    + " deletion-admin), or tenant-service (scope deletion-jobs.read, tenant_id the path's).")
    List<LegalHoldView> history(@PathVariable UUID tenantId) {
        return holds.history(tenantId).stream().map(LegalHoldView::of).toList();
    }

    private static Caller requireAdmin(Authentication authentication, String what) {
        Caller caller = Caller.of(authentication);
        if (!caller.admin()) {
            throw JobProblems.forbidden("Only an administrator (deletion-admin) " + what + " a legal hold");
        }
        return caller;
    }

    private static String requireText(String field, @Nullable String value) {
        if (!StringUtils.hasText(value) || value.length() > MAX_TEXT_LENGTH) {
            throw JobProblems.badRequest(field + " is required (1 to " + MAX_TEXT_LENGTH + " characters)");
        }
        return value;
    }

    private static RuntimeException noActiveHold(UUID tenantId) {
        return JobProblems.legalHoldNotFound("Tenant " + tenantId + " has no active legal hold");
    }
}
