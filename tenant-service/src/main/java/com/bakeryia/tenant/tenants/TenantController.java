package com.bakeryia.tenant.tenants;

import com.bakeryia.fleet.security.UserTokenAuthentication;
import com.bakeryia.tenant.tenants.TenantRequests.AddMember;
import com.bakeryia.tenant.tenants.TenantRequests.ChangeRole;
import com.bakeryia.tenant.tenants.TenantRequests.CreateTenant;
import com.bakeryia.tenant.tenants.TenantRequests.ReplaceSettings;
import com.bakeryia.tenant.tenants.TenantRequests.TransferOwnership;
import com.bakeryia.tenant.tenants.TenantViews.AdminsView;
import com.bakeryia.tenant.tenants.TenantViews.InvitationView;
import com.bakeryia.tenant.tenants.TenantViews.MemberView;
import com.bakeryia.tenant.tenants.TenantViews.MembersView;
import com.bakeryia.tenant.tenants.TenantViews.SettingsView;
import com.bakeryia.tenant.tenants.TenantViews.TenantView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.Objects;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Tenants, members, ownership transfer and settings, for users (see docs/tenant-service.md). */
@RestController
@RequestMapping("/api/v1/tenants")
@Tag(
        name = "Tenants",
        description = "Tenants (bakeries), their members, roles, ownership and settings. Every operation takes"
                + " the caller's user token; what the caller may do in a tenant is read from their current"
                + " membership and role on every request: a non-member gets 404, a removed member 403.")
class TenantController {

    private final TenantService service;
    private final TenantCreationRateLimit creationLimit;

    TenantController(TenantService service, TenantCreationRateLimit creationLimit) {
        this.service = service;
        this.creationLimit = creationLimit;
    }

    @PostMapping
    @Operation(
            operationId = "createTenant",
            summary = "Create a tenant, the caller becoming its owner",
            description = "Creates a tenant (bakery) with the given name; the caller becomes its OWNER and its"
                    + " settings start as UTC, EUR and en. Any user with a valid user token may call it, at most"
                    + " tenant.creation.rate-limit.limit (10) times per refresh-period (1 h).")
    @ApiResponse(responseCode = "201", description = "Created; Location is the tenant's URL")
    @ApiResponse(
            responseCode = "429",
            description = "too-many-requests: the caller created the most tenants allowed per period; Retry-After"
                    + " says in how many seconds to try again")
    ResponseEntity<TenantView> create(@Valid @RequestBody CreateTenant request, UserTokenAuthentication caller) {
        creationLimit.acquire(caller.userId());
        TenantView created = service.create(Objects.requireNonNull(request.name()), caller.userId());
        return ResponseEntity.created(URI.create("/api/v1/tenants/" + created.tenantId()))
                .body(created);
    }

    @GetMapping("/{tenantId}")
    @Operation(
            operationId = "getTenant",
            summary = "Get a tenant",
            description = "The tenant's name, status and the caller's role, with the deletion job while its"
                    + " deletion is pending. Caller: any member of the tenant (OWNER, ADMIN or MEMBER), with their"
                    + " user token.")
    TenantView get(@PathVariable UUID tenantId, UserTokenAuthentication caller) {
        return service.get(tenantId, caller.userId());
    }

    @GetMapping("/{tenantId}/members")
    @Operation(
            operationId = "listMembers",
            summary = "List a tenant's members with their roles",
            description = "The owner, admins and members, each with role and join date, by join date. Caller:"
                    + " any member of the tenant, with their user token.")
    MembersView members(@PathVariable UUID tenantId, UserTokenAuthentication caller) {
        return service.members(tenantId, caller.userId());
    }

    @GetMapping("/{tenantId}/admins")
    @Operation(
            operationId = "listAdmins",
            summary = "List a tenant's owner and admins",
            description = "The owner first, then the admins, longest-serving first. Caller: any member of the"
                    + " tenant, with their user token.")
    AdminsView admins(@PathVariable UUID tenantId, UserTokenAuthentication caller) {
        return service.admins(tenantId, caller.userId());
    }

    @PostMapping("/{tenantId}/members")
    @Operation(
            operationId = "addMember",
            summary = "Invite a user to a tenant as MEMBER or ADMIN",
            description = "The user becomes a member only when they accept the invitation (POST"
                    + " /api/v1/tenants/invitations/{invitationId}/accept); until then they are not a member."
                    + " Caller: the tenant's OWNER, or an ADMIN inviting a MEMBER, with their user token. Nobody is"
                    + " invited as OWNER: the owner transfers ownership instead.")
    @ApiResponse(responseCode = "202", description = "Invited: the pending invitation")
    @ApiResponse(
            responseCode = "409",
            description = "already-a-member, already-invited, owner-role-change (role OWNER), or"
                    + " tenant-deletion-pending")
    ResponseEntity<InvitationView> addMember(
            @PathVariable UUID tenantId, @Valid @RequestBody AddMember request, UserTokenAuthentication caller) {
        InvitationView invitation = service.inviteMember(
                tenantId,
                caller.userId(),
                Objects.requireNonNull(request.userId()),
                Objects.requireNonNull(request.role()));
        return ResponseEntity.accepted().body(invitation);
    }

    @PutMapping("/{tenantId}/members/{userId}/role")
    @Operation(
            operationId = "changeMemberRole",
            summary = "Change a member's role between ADMIN and MEMBER",
            description = "Caller: the tenant's OWNER, with their user token. The owner's own role changes only"
                    + " by transferring ownership.")
    @ApiResponse(responseCode = "200", description = "The member with the new role")
    @ApiResponse(responseCode = "409", description = "owner-role-change (to or from OWNER), or tenant-deletion-pending")
    MemberView changeRole(
            @PathVariable UUID tenantId,
            @PathVariable UUID userId,
            @Valid @RequestBody ChangeRole request,
            UserTokenAuthentication caller) {
        return service.changeRole(tenantId, caller.userId(), userId, Objects.requireNonNull(request.role()));
    }

    @DeleteMapping("/{tenantId}/members/{userId}")
    @Operation(
            operationId = "removeMember",
            summary = "Remove a member from a tenant",
            description = "Caller: the tenant's OWNER, or an ADMIN removing a MEMBER, with their user token. The"
                    + " owner cannot be removed (transfer ownership first); the removed user gets 403"
                    + " membership-revoked from then on.")
    @ApiResponse(responseCode = "204", description = "Removed")
    @ApiResponse(
            responseCode = "409",
            description = "owner-role-change (the owner cannot be removed), or tenant-deletion-pending")
    ResponseEntity<Void> removeMember(
            @PathVariable UUID tenantId, @PathVariable UUID userId, UserTokenAuthentication caller) {
        service.removeMember(tenantId, caller.userId(), userId);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{tenantId}/transfer-ownership")
    @Operation(
            operationId = "transferOwnership",
            summary = "Offer a tenant's ownership to another member",
            description = "Creates an invitation of role OWNER for a current member other than the owner; when that"
                    + " member accepts it, they become the owner and the old owner an ADMIN (who so loses the right"
                    + " to delete the tenant). Caller: the tenant's OWNER, with their user token.")
    @ApiResponse(responseCode = "202", description = "Offered: the pending invitation")
    @ApiResponse(
            responseCode = "409",
            description = "transfer-target-invalid (not a current member, or the owner), already-invited, or"
                    + " tenant-deletion-pending")
    ResponseEntity<InvitationView> transferOwnership(
            @PathVariable UUID tenantId,
            @Valid @RequestBody TransferOwnership request,
            UserTokenAuthentication caller) {
        return ResponseEntity.accepted()
                .body(service.offerOwnership(tenantId, caller.userId(), Objects.requireNonNull(request.newOwnerId())));
    }

    @GetMapping("/{tenantId}/settings")
    @Operation(
            operationId = "getTenantSettings",
            summary = "Get a tenant's settings",
            description = "The tenant's time zone, currency and locale. Caller: any member of the tenant, with"
                    + " their user token.")
    SettingsView settings(@PathVariable UUID tenantId, UserTokenAuthentication caller) {
        return service.settings(tenantId, caller.userId());
    }

    @PutMapping("/{tenantId}/settings")
    @Operation(
            operationId = "replaceTenantSettings",
            summary = "Replace a tenant's settings",
            description = "All three are required: an IANA time zone, an ISO 4217 currency code and a language"
                    + " tag. Caller: the tenant's OWNER or an ADMIN, with their user token.")
    @ApiResponse(responseCode = "200", description = "The new settings")
    @ApiResponse(responseCode = "409", description = "tenant-deletion-pending: the tenant is being erased")
    SettingsView replaceSettings(
            @PathVariable UUID tenantId, @Valid @RequestBody ReplaceSettings request, UserTokenAuthentication caller) {
        return service.replaceSettings(
                tenantId,
                caller.userId(),
                Objects.requireNonNull(request.timeZone()),
                Objects.requireNonNull(request.currency()),
                Objects.requireNonNull(request.locale()));
    }
}
