package com.bakeryia.tenant.tenants;

import com.bakeryia.fleet.web.FleetProblem;
import com.bakeryia.fleet.web.FleetProblemException;
import com.bakeryia.tenant.tenants.Invitations.Invitation;
import com.bakeryia.tenant.tenants.TenantViews.InvitationView;
import com.bakeryia.tenant.tenants.TenantViews.InvitationsView;
import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The invited user's side of invitations: their pending ones, accept, decline. An invitation that is
 * not addressed to the caller is answered exactly like an unknown one (404). Accepting reads the
 * invitation unlocked, then locks the tenant row before the invitation row (the order of every other
 * writer: two concurrent accepts of ownership offers deadlocked when the invitation was locked
 * first), and is refused while the tenant is pending deletion.
 */
@Service
class InvitationService {

    private final Invitations invitations;
    private final TenantRepository tenants;
    private final TenantMemberRepository members;
    private final FormerMemberRepository formerMembers;
    private final Clock clock;

    InvitationService(
            Invitations invitations,
            TenantRepository tenants,
            TenantMemberRepository members,
            FormerMemberRepository formerMembers,
            Clock clock) {
        this.invitations = invitations;
        this.tenants = tenants;
        this.members = members;
        this.formerMembers = formerMembers;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    InvitationsView mine(UUID callerId) {
        return new InvitationsView(
                callerId,
                invitations.of(callerId).stream().map(InvitationView::pending).toList());
    }

    @Transactional
    InvitationView accept(UUID invitationId, UUID callerId) {
        Invitation unlocked = invitations
                .find(invitationId)
                .filter(invitation -> invitation.userId().equals(callerId))
                .orElseThrow(() -> InvitationProblems.notFound(invitationId));
        Tenant tenant =
                tenants.findForUpdate(unlocked.tenantId()).orElseThrow(() -> InvitationProblems.notFound(invitationId));
        Invitation invitation = addressedTo(invitationId, callerId);
        tenant.requireWritable("accepting an invitation");
        if (invitation.role() == MemberRole.OWNER) {
            takeOverOwnership(invitation);
        } else {
            join(invitation);
        }
        invitations.delete(invitationId);
        return InvitationView.of(invitation, "ACCEPTED");
    }

    @Transactional
    InvitationView decline(UUID invitationId, UUID callerId) {
        Invitation invitation = addressedTo(invitationId, callerId);
        invitations.delete(invitationId);
        return InvitationView.of(invitation, "DECLINED");
    }

    private void join(Invitation invitation) {
        UUID tenantId = invitation.tenantId();
        if (members.findMembership(tenantId, invitation.userId()).isPresent()) {
            throw new FleetProblemException(
                    FleetProblem.ALREADY_A_MEMBER,
                    "User " + invitation.userId() + " is already a member of tenant " + tenantId
                            + "; decline the invitation");
        }
        formerMembers.forget(tenantId, invitation.userId());
        members.save(new TenantMember(tenantId, invitation.userId(), invitation.role(), clock.instant()));
    }

    /**
     * The old owner is demoted and flushed before the new one is promoted: the schema allows one
     * owner per tenant at any moment. Valid only while the inviter still owns the tenant and the
     * invited user is still a member.
     */
    private void takeOverOwnership(Invitation invitation) {
        UUID tenantId = invitation.tenantId();
        TenantMember oldOwner = members.findOwnerAndAdmins(tenantId).stream()
                .filter(member -> member.role() == MemberRole.OWNER)
                .findFirst()
                .filter(owner -> owner.userId().equals(invitation.invitedBy()))
                .orElseThrow(() -> InvitationProblems.noLongerValid("User " + invitation.invitedBy()
                        + " who offered the ownership no longer owns tenant " + tenantId + "; decline the invitation"));
        TenantMember newOwner = members.findMembership(tenantId, invitation.userId())
                .orElseThrow(() -> InvitationProblems.noLongerValid("User " + invitation.userId()
                        + " is no longer a member of tenant " + tenantId + "; decline the invitation"));
        oldOwner.changeRole(MemberRole.ADMIN);
        members.saveAndFlush(oldOwner);
        newOwner.changeRole(MemberRole.OWNER);
        members.saveAndFlush(newOwner);
        invitations.deleteOwnershipOffers(tenantId);
    }

    private Invitation addressedTo(UUID invitationId, UUID callerId) {
        return invitations
                .forUpdate(invitationId)
                .filter(invitation -> invitation.userId().equals(callerId))
                .orElseThrow(() -> InvitationProblems.notFound(invitationId));
    }
}
