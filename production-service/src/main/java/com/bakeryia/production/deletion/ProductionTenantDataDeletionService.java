package com.bakeryia.production.deletion;

import com.bakeryia.deletion.TenantDataDeletionService;
import com.bakeryia.deletion.TenantDataSchema;
import org.springframework.stereotype.Component;

/** Erases a tenant's equipment, production runs with their ingredients and steps, and quality checks. */
@Component
class ProductionTenantDataDeletionService extends TenantDataDeletionService {

    ProductionTenantDataDeletionService() {
        super(TenantDataSchema.named("production"));
    }
}
