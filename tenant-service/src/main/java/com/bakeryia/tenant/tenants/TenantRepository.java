package com.bakeryia.tenant.tenants;

import jakarta.persistence.LockModeType;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

/** Tenants. Every write locks the tenant's row first ({@code SELECT ... FOR UPDATE}), so writes to one tenant are serialised. */
public interface TenantRepository extends JpaRepository<Tenant, UUID> {

    /** The tenant, its row locked until the transaction ends. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select t from Tenant t where t.id = :id")
    Optional<Tenant> findForUpdate(UUID id);

    /** The tenants, their rows locked in id order (so that two such calls cannot deadlock). */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select t from Tenant t where t.id in :ids order by t.id")
    List<Tenant> findAllForUpdate(Collection<UUID> ids);
}
