package com.bakeryia.inventory.deletion;

import com.bakeryia.deletion.TenantDataDeletionService;
import com.bakeryia.deletion.TenantDataSchema;
import org.springframework.stereotype.Component;

/** Erases a tenant's product categories and products, purchase orders, stock batches, movements and alerts. */
@Component
class InventoryTenantDataDeletionService extends TenantDataDeletionService {

    InventoryTenantDataDeletionService() {
        super(TenantDataSchema.named("inventory"));
    }
}
