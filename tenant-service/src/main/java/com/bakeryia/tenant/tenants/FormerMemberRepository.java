package com.bakeryia.tenant.tenants;

import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

/** Users removed from tenants. */
public interface FormerMemberRepository extends JpaRepository<FormerMember, TenantMember.Key> {

    /** Whether the user was removed from the tenant. */
    @Query("select count(f) > 0 from FormerMember f where f.tenantId = :tenantId and f.userId = :userId")
    boolean wasMember(UUID tenantId, UUID userId);

    /** Forgets the user everywhere, when their account is deleted. */
    @Modifying
    @Query("delete from FormerMember f where f.userId = :userId")
    int deleteByUser(UUID userId);

    /** Forgets that the user left the tenant, when they join it again. */
    @Modifying
    @Query("delete from FormerMember f where f.tenantId = :tenantId and f.userId = :userId")
    int forget(UUID tenantId, UUID userId);
}
