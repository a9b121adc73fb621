package com.bakeryia.tenant.account;

import com.bakeryia.fleet.web.FleetProblem;
import com.bakeryia.fleet.web.FleetProblemException;
import com.bakeryia.tenant.account.MembershipCleanupResult.TenantOutcome;
import com.bakeryia.tenant.deletion.DeletionRequest;
import com.bakeryia.tenant.deletion.DeletionRequests;
import com.bakeryia.tenant.tenants.FormerMemberRepository;
import com.bakeryia.tenant.tenants.Invitations;
import com.bakeryia.tenant.tenants.MemberRole;
import com.bakeryia.tenant.tenants.Tenant;
import com.bakeryia.tenant.tenants.TenantMember;
import com.bakeryia.tenant.tenants.TenantMemberRepository;
import com.bakeryia.tenant.tenants.TenantRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Removes a deleted account from every tenant, all or nothing. Where the user is the owner, the
 * longest-serving admin becomes owner; a tenant with no other member is requested for deletion; a
 * tenant with members but no admin makes the whole call fail (409 naming those tenants) before
 * anything changes. A tenant already pending deletion keeps its owner's membership for the job to
 * erase; other members are removed from it. The user is forgotten as a former member everywhere,
 * and their pending invitations (to them and from them) are dropped: an invitation never makes them
 * a member, so it never blocks the cleanup.
 */
@Service
class MembershipCleanup {

    static final String ACCOUNT_DELETION = "account deletion of its last member";

    private final TenantRepository tenants;
    private final TenantMemberRepository members;
    private final FormerMemberRepository formerMembers;
    private final DeletionRequests deletions;
    private final Invitations invitations;
    private final TransactionTemplate transactions;

    MembershipCleanup(
            TenantRepository tenants,
            TenantMemberRepository members,
            FormerMemberRepository formerMembers,
            DeletionRequests deletions,
            Invitations invitations,
            TransactionTemplate transactions) {
        this.tenants = tenants;
        this.members = members;
        this.formerMembers = formerMembers;
        this.deletions = deletions;
        this.invitations = invitations;
        this.transactions = transactions;
    }

    MembershipCleanupResult removeEverywhere(UUID userId, String requestedBy) {
        List<Plan> plans = Objects.requireNonNull(transactions.execute(status -> {
            List<Plan> planned = plan(userId);
            List<UUID> blocked = planned.stream()
                    .filter(plan -> plan.action() == Action.BLOCKED)
                    .map(plan -> plan.tenant().id())
                    .toList();
            if (!blocked.isEmpty()) {
                throw new FleetProblemException(
                        FleetProblem.OWNED_TENANTS_WITHOUT_ADMIN,
                        "User " + userId + " owns tenants " + blocked
                                + " that have other members but no admin to take over ownership; make one of"
                                + " their members ADMIN (or transfer ownership) first. Nothing was changed.",
                        Map.of("tenant_ids", blocked));
            }
            List<Plan> done = new ArrayList<>();
            for (Plan plan : planned) {
                done.add(execute(plan, requestedBy));
            }
            formerMembers.deleteByUser(userId);
            invitations.deleteInvolving(userId);
            return done;
        }));
        List<TenantOutcome> outcomes = plans.stream()
                .map(plan -> plan.deletion() != null
                        ? TenantOutcome.of(plan.withDeletion(deletions.deliver(plan.deletion())))
                        : TenantOutcome.of(plan))
                .toList();
        return new MembershipCleanupResult(userId, outcomes);
    }

    private List<Plan> plan(UUID userId) {
        List<UUID> tenantIds =
                members.findByUser(userId).stream().map(TenantMember::tenantId).toList();
        Map<UUID, Tenant> locked =
                tenants.findAllForUpdate(tenantIds).stream().collect(Collectors.toMap(Tenant::id, Function.identity()));
        List<Plan> plans = new ArrayList<>();
        for (TenantMember membership : members.findByUser(userId)) {
            Tenant tenant = locked.get(membership.tenantId());
            if (tenant != null) {
                plans.add(plan(tenant, membership));
            }
        }
        return plans;
    }

    private Plan plan(Tenant tenant, TenantMember membership) {
        if (membership.role() != MemberRole.OWNER) {
            return new Plan(tenant, membership, Action.MEMBERSHIP_REMOVED, null, null);
        }
        if (tenant.isDeletionPending()) {
            return new Plan(tenant, membership, Action.DELETION_ALREADY_REQUESTED, null, deletions.pending(tenant));
        }
        List<TenantMember> others = members.findByTenant(tenant.id()).stream()
                .filter(member -> !member.userId().equals(membership.userId()))
                .toList();
        if (others.isEmpty()) {
            return new Plan(tenant, membership, Action.TENANT_DELETION_REQUESTED, null, null);
        }
        Optional<TenantMember> successor = others.stream()
                .filter(member -> member.role() == MemberRole.ADMIN)
                .findFirst();
        return successor
                .map(admin -> new Plan(tenant, membership, Action.OWNERSHIP_TRANSFERRED, admin, null))
                .orElseGet(() -> new Plan(tenant, membership, Action.BLOCKED, null, null));
    }

    private Plan execute(Plan plan, String requestedBy) {
        switch (plan.action()) {
            case MEMBERSHIP_REMOVED, OWNERSHIP_TRANSFERRED -> {
                members.delete(plan.membership());
                members.flush();
                if (plan.successor() != null) {
                    plan.successor().changeRole(MemberRole.OWNER);
                    members.saveAndFlush(plan.successor());
                }
                return plan;
            }
            case TENANT_DELETION_REQUESTED -> {
                members.delete(plan.membership());
                return plan.withDeletion(deletions.request(plan.tenant(), requestedBy, null, ACCOUNT_DELETION));
            }
            default -> {
                return plan;
            }
        }
    }

    /** What happens to one tenant of the user. */
    enum Action {
        /** The user was a member or admin: removed. */
        MEMBERSHIP_REMOVED,
        /** The user owned it: the longest-serving admin is the owner now, the user removed. */
        OWNERSHIP_TRANSFERRED,
        /** The user owned it alone: removed, and the tenant requested for deletion. */
        TENANT_DELETION_REQUESTED,
        /** The user owns it and its deletion was already requested: the job erases the membership. */
        DELETION_ALREADY_REQUESTED,
        /** The user owns it, it has other members but no admin: the call fails. */
        BLOCKED
    }

    /** The decision for one tenant. */
    record Plan(
            Tenant tenant,
            TenantMember membership,
            Action action,
            @Nullable TenantMember successor,
            @Nullable DeletionRequest deletion) {

        Plan withDeletion(DeletionRequest request) {
            return new Plan(tenant, membership, action, successor, request);
        }
    }
}
