package com.bakeryia.tenant.tenants;

import com.bakeryia.fleet.security.UserTokenAuthentication;
import com.bakeryia.tenant.tenants.TenantViews.InvitationView;
import com.bakeryia.tenant.tenants.TenantViews.InvitationsView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The invited user's invitations: list, accept, decline (see docs/tenant-service.md). */
@RestController
@RequestMapping("/api/v1/tenants/invitations")
@Tag(
        name = "Invitations",
        description = "Nobody becomes a member or the owner of a tenant without consenting: adding a member and"
                + " transferring ownership create invitations that the invited user accepts or declines. Only"
                + " the invited user, with their user token, sees and answers an invitation; anyone else gets 404.")
class InvitationController {

    private final InvitationService service;

    InvitationController(InvitationService service) {
        this.service = service;
    }

    @GetMapping
    @Operation(
            operationId = "listMyInvitations",
            summary = "List the caller's pending invitations",
            description = "Invitations to join a tenant (role MEMBER or ADMIN) or to take over its ownership (role"
                    + " OWNER), oldest first. Caller: any user, with their user token; they see only their own.")
    InvitationsView mine(UserTokenAuthentication caller) {
        return service.mine(caller.userId());
    }

    @PostMapping("/{invitationId}/accept")
    @Operation(
            operationId = "acceptInvitation",
            summary = "Accept an invitation",
            description = "MEMBER or ADMIN: the caller joins the tenant with that role. OWNER: the caller becomes"
                    + " the owner and the owner who offered it an ADMIN. Caller: the invited user, with their user"
                    + " token.")
    @ApiResponse(responseCode = "200", description = "Accepted")
    @ApiResponse(responseCode = "404", description = "invitation-not-found: no such invitation for the caller")
    @ApiResponse(
            responseCode = "409",
            description = "tenant-deletion-pending (the tenant is being erased), already-a-member, or"
                    + " invitation-no-longer-valid (the owner who offered ownership no longer owns the tenant, or"
                    + " the caller is no longer a member)")
    InvitationView accept(@PathVariable UUID invitationId, UserTokenAuthentication caller) {
        return service.accept(invitationId, caller.userId());
    }

    @PostMapping("/{invitationId}/decline")
    @Operation(
            operationId = "declineInvitation",
            summary = "Decline an invitation",
            description = "The invitation is dropped; nothing else changes. Caller: the invited user, with their"
                    + " user token.")
    @ApiResponse(responseCode = "200", description = "Declined")
    @ApiResponse(responseCode = "404", description = "invitation-not-found: no such invitation for the caller")
    InvitationView decline(@PathVariable UUID invitationId, UserTokenAuthentication caller) {
        return service.decline(invitationId, caller.userId());
    }
}
