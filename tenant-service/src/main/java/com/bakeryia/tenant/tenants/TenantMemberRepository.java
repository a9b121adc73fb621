package com.bakeryia.tenant.tenants;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Current memberships. */
public interface TenantMemberRepository extends JpaRepository<TenantMember, TenantMember.Key> {

    /** JPQL literal of {@link MemberRole#MEMBER}. */
    String MEMBER = "com.bakeryia.tenant.tenants.MemberRole.MEMBER";

    /** Owner, then admins, then members; within a role the longest-serving first. */
    String BY_RANK = "case m.role when com.bakeryia.tenant.tenants.MemberRole.OWNER then 0"
            + " when com.bakeryia.tenant.tenants.MemberRole.ADMIN then 1 else 2 end, m.joinedAt, m.userId";

    /** The user's membership of the tenant. */
    @Query("select m from TenantMember m where m.tenantId = :tenantId and m.userId = :userId")
    Optional<TenantMember> findMembership(UUID tenantId, UUID userId);

    /** The tenant's members, owner first, then admins, then members, each by join date (longest-serving first). */
    @Query("select m from TenantMember m where m.tenantId = :tenantId order by " + BY_RANK)
    List<TenantMember> findByTenant(UUID tenantId);

    /** The tenant's owner and admins, owner first, then admins by join date (longest-serving first). */
    @Query("select m from TenantMember m where m.tenantId = :tenantId and m.role <> " + MEMBER + " order by " + BY_RANK)
    List<TenantMember> findOwnerAndAdmins(UUID tenantId);

    /** Every membership of the user, by tenant id. */
    @Query("select m from TenantMember m where m.userId = :userId order by m.tenantId")
    List<TenantMember> findByUser(UUID userId);
}
