package com.bakeryia.tenant.tenants;

import com.bakeryia.fleet.web.FleetProblem;
import com.bakeryia.fleet.web.FleetProblemException;
import java.util.Arrays;
import java.util.UUID;

/**
 * The caller's current membership of a tenant, read from the database on every request.
 *
 * @param tenant the tenant
 * @param member the caller's membership
 */
public record Membership(Tenant tenant, TenantMember member) {

    /** The caller. */
    public UUID userId() {
        return member.userId();
    }

    /** The caller's role. */
    public MemberRole role() {
        return member.role();
    }

    /**
     * Refuses with 403 unless the caller has one of the roles.
     *
     * @param what the operation, for the detail (e.g. "deleting the tenant")
     */
    public void requireRole(String what, MemberRole... allowed) {
        if (Arrays.stream(allowed).noneMatch(role -> role == member.role())) {
            throw new FleetProblemException(
                    FleetProblem.INSUFFICIENT_ROLE,
                    what + " needs the role " + describe(allowed) + " in tenant " + tenant.id() + "; the caller is "
                            + member.role());
        }
    }

    private static String describe(MemberRole... roles) {
        return String.join(" or ", Arrays.stream(roles).map(Enum::name).toList());
    }
}
