package com.bakeryia.tenant.tenants;

import com.bakeryia.fleet.web.FleetProblem;
import com.bakeryia.fleet.web.FleetProblemException;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Checks the caller's current membership against the database, on every request: nothing about a
 * tenant is taken from the token. A tenant the caller does not belong to is answered exactly like
 * an unknown one (404), except for a user who was removed from it (403: they knew it exists).
 */
@Component
public class TenantAccess {

    private final TenantRepository tenants;
    private final TenantMemberRepository members;
    private final FormerMemberRepository formerMembers;

    TenantAccess(TenantRepository tenants, TenantMemberRepository members, FormerMemberRepository formerMembers) {
        this.tenants = tenants;
        this.members = members;
        this.formerMembers = formerMembers;
    }

    /** The caller's membership, for a read. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Membership member(UUID tenantId, UUID userId) {
        return membership(tenants.findById(tenantId), tenantId, userId);
    }

    /**
     * The caller's membership, for a read; empty when the tenant does not exist (any more), so that
     * the caller can look elsewhere (the retained record of an erased tenant).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<Membership> memberIfTenantExists(UUID tenantId, UUID userId) {
        Optional<Tenant> found = tenants.findById(tenantId);
        return found.isEmpty() ? Optional.empty() : Optional.of(membership(found, tenantId, userId));
    }

    /** The caller's membership, the tenant's row locked until the transaction ends, for a write. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Membership memberForUpdate(UUID tenantId, UUID userId) {
        return membership(tenants.findForUpdate(tenantId), tenantId, userId);
    }

    private Membership membership(Optional<Tenant> found, UUID tenantId, UUID userId) {
        Tenant tenant = found.orElseThrow(() -> notFound(tenantId));
        TenantMember member = members.findMembership(tenantId, userId).orElseThrow(() -> {
            if (formerMembers.wasMember(tenantId, userId)) {
                return new FleetProblemException(
                        FleetProblem.MEMBERSHIP_REVOKED, "The caller is no longer a member of tenant " + tenantId);
            }
            return notFound(tenantId);
        });
        return new Membership(tenant, member);
    }

    /** The 404 of a tenant that does not exist or that the caller does not belong to. */
    public static FleetProblemException notFound(UUID tenantId) {
        return new FleetProblemException(
                FleetProblem.TENANT_NOT_FOUND, "Tenant " + tenantId + " does not exist or the caller is not a member");
    }
}
