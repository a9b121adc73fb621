package com.bakeryia.tenant.tenants;

import com.bakeryia.fleet.web.FleetProblem;
import com.bakeryia.fleet.web.FleetProblemException;
import com.bakeryia.tenant.tenants.TenantViews.AdminsView;
import com.bakeryia.tenant.tenants.TenantViews.InvitationView;
import com.bakeryia.tenant.tenants.TenantViews.MemberView;
import com.bakeryia.tenant.tenants.TenantViews.MembersView;
import com.bakeryia.tenant.tenants.TenantViews.SettingsView;
import com.bakeryia.tenant.tenants.TenantViews.TenantView;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Currency;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tenants, their members and settings. Every operation checks the caller's current membership
 * ({@link TenantAccess}); every write locks the tenant and is refused while it is pending deletion.
 */
@Service
class TenantService {

    private final TenantRepository tenants;
    private final TenantMemberRepository members;
    private final FormerMemberRepository formerMembers;
    private final TenantSettingsRepository settings;
    private final TenantAccess access;
    private final Invitations invitations;
    private final Clock clock;

    TenantService(
            TenantRepository tenants,
            TenantMemberRepository members,
            FormerMemberRepository formerMembers,
            TenantSettingsRepository settings,
            TenantAccess access,
            Invitations invitations,
            Clock clock) {
        this.tenants = tenants;
        this.members = members;
        this.formerMembers = formerMembers;
        this.settings = settings;
        this.access = access;
        this.invitations = invitations;
        this.clock = clock;
    }

    @Transactional
    TenantView create(String name, UUID ownerId) {
        Instant now = clock.instant();
        Tenant tenant = tenants.save(new Tenant(UUID.randomUUID(), name.strip(), ownerId, now));
        TenantMember owner = members.save(new TenantMember(tenant.id(), ownerId, MemberRole.OWNER, now));
        settings.save(new TenantSettings(tenant.id(), now));
        return TenantView.of(new Membership(tenant, owner));
    }

    @Transactional(readOnly = true)
    TenantView get(UUID tenantId, UUID callerId) {
        return TenantView.of(access.member(tenantId, callerId));
    }

    @Transactional(readOnly = true)
    MembersView members(UUID tenantId, UUID callerId) {
        access.member(tenantId, callerId);
        return new MembersView(
                tenantId,
                members.findByTenant(tenantId).stream().map(MemberView::of).toList());
    }

    @Transactional(readOnly = true)
    AdminsView admins(UUID tenantId, UUID callerId) {
        access.member(tenantId, callerId);
        return new AdminsView(
                tenantId,
                members.findOwnerAndAdmins(tenantId).stream()
                        .map(MemberView::of)
                        .toList());
    }

    /**
     * Invites a user to join as MEMBER or ADMIN: they become a member only when they accept
     * ({@link InvitationService#accept}).
     */
    @Transactional
    InvitationView inviteMember(UUID tenantId, UUID callerId, UUID userId, MemberRole role) {
        Membership caller = access.memberForUpdate(tenantId, callerId);
        caller.requireRole("Adding members", MemberRole.OWNER, MemberRole.ADMIN);
        if (role == MemberRole.OWNER) {
            throw new FleetProblemException(
                    FleetProblem.OWNER_ROLE_CHANGE,
                    "A member cannot be added as OWNER; the owner transfers ownership to a member instead");
        }
        if (role == MemberRole.ADMIN) {
            caller.requireRole("Adding admins", MemberRole.OWNER);
        }
        caller.tenant().requireWritable("adding a member");
        if (members.findMembership(tenantId, userId).isPresent()) {
            throw new FleetProblemException(
                    FleetProblem.ALREADY_A_MEMBER, "User " + userId + " is already a member of tenant " + tenantId);
        }
        if (invitations.pending(tenantId, userId).isPresent()) {
            throw InvitationProblems.alreadyInvited(userId, tenantId);
        }
        return InvitationView.pending(invitations.add(tenantId, userId, role, callerId, clock.instant()));
    }

    @Transactional
    MemberView changeRole(UUID tenantId, UUID callerId, UUID userId, MemberRole role) {
        Membership caller = access.memberForUpdate(tenantId, callerId);
        caller.requireRole("Changing roles", MemberRole.OWNER);
        caller.tenant().requireWritable("changing a role");
        TenantMember member = existingMember(tenantId, userId);
        if (role == MemberRole.OWNER || member.role() == MemberRole.OWNER) {
            throw new FleetProblemException(
                    FleetProblem.OWNER_ROLE_CHANGE,
                    "The owner's role changes only by POST /api/v1/tenants/" + tenantId + "/transfer-ownership");
        }
        member.changeRole(role);
        return MemberView.of(member);
    }

    @Transactional
    void removeMember(UUID tenantId, UUID callerId, UUID userId) {
        Membership caller = access.memberForUpdate(tenantId, callerId);
        caller.requireRole("Removing members", MemberRole.OWNER, MemberRole.ADMIN);
        caller.tenant().requireWritable("removing a member");
        TenantMember member = existingMember(tenantId, userId);
        if (member.role() == MemberRole.OWNER) {
            throw new FleetProblemException(
                    FleetProblem.OWNER_ROLE_CHANGE,
                    "The owner of tenant " + tenantId + " cannot be removed; transfer ownership first");
        }
        if (member.role() == MemberRole.ADMIN) {
            caller.requireRole("Removing admins", MemberRole.OWNER);
        }
        members.delete(member);
        formerMembers.save(new FormerMember(tenantId, userId, clock.instant()));
    }

    /**
     * Offers the tenant's ownership to a current member: an invitation of role OWNER that the member
     * accepts ({@link InvitationService#accept}, which makes them owner and the old owner ADMIN).
     */
    @Transactional
    InvitationView offerOwnership(UUID tenantId, UUID callerId, UUID newOwnerId) {
        Membership caller = access.memberForUpdate(tenantId, callerId);
        caller.requireRole("Transferring ownership", MemberRole.OWNER);
        caller.tenant().requireWritable("transferring ownership");
        if (newOwnerId.equals(callerId)) {
            throw new FleetProblemException(
                    FleetProblem.TRANSFER_TARGET_INVALID, "User " + callerId + " already owns tenant " + tenantId);
        }
        if (members.findMembership(tenantId, newOwnerId).isEmpty()) {
            throw new FleetProblemException(
                    FleetProblem.TRANSFER_TARGET_INVALID,
                    "The new owner " + newOwnerId + " must be a current member of tenant " + tenantId);
        }
        if (invitations.pending(tenantId, newOwnerId).isPresent()) {
            throw InvitationProblems.alreadyInvited(newOwnerId, tenantId);
        }
        return InvitationView.pending(
                invitations.add(tenantId, newOwnerId, MemberRole.OWNER, callerId, clock.instant()));
    }

    @Transactional(readOnly = true)
    SettingsView settings(UUID tenantId, UUID callerId) {
        access.member(tenantId, callerId);
        return SettingsView.of(tenantId, existingSettings(tenantId));
    }

    @Transactional
    SettingsView replaceSettings(UUID tenantId, UUID callerId, String timeZone, String currency, String locale) {
        Membership caller = access.memberForUpdate(tenantId, callerId);
        caller.requireRole("Changing settings", MemberRole.OWNER, MemberRole.ADMIN);
        caller.tenant().requireWritable("changing settings");
        requireValid(timeZone, currency);
        TenantSettings current = existingSettings(tenantId);
        current.replace(timeZone, currency, locale, clock.instant());
        return SettingsView.of(tenantId, current);
    }

    private TenantMember existingMember(UUID tenantId, UUID userId) {
        return members.findMembership(tenantId, userId)
                .orElseThrow(() -> new FleetProblemException(
                        FleetProblem.MEMBER_NOT_FOUND, "User " + userId + " is not a member of tenant " + tenantId));
    }

    private TenantSettings existingSettings(UUID tenantId) {
        return settings.findById(tenantId)
                .orElseThrow(() -> new IllegalStateException("Tenant " + tenantId + " has no settings row"));
    }

    private static void requireValid(String timeZone, String currency) {
        try {
            ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            throw new FleetProblemException(
                    FleetProblem.INVALID_REQUEST_BODY,
                    "Field 'time_zone' must be an IANA time zone such as Europe/Madrid, not '" + timeZone + "'");
        }
        try {
            Currency.getInstance(currency);
        } catch (IllegalArgumentException e) {
            throw new FleetProblemException(
                    FleetProblem.INVALID_REQUEST_BODY,
                    "Field 'currency' must be an ISO 4217 currency code, not '" + currency + "'");
        }
    }
}
