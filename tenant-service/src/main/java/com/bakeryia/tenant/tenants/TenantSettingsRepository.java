package com.bakeryia.tenant.tenants;

import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

/** Tenant settings, one row per tenant. */
interface TenantSettingsRepository extends JpaRepository<TenantSettings, UUID> {}
