package com.bakeryia.suppliers.deletion;

import com.bakeryia.deletion.TenantDataDeletionService;
import com.bakeryia.deletion.TenantDataSchema;
import org.springframework.stereotype.Component;

/** Erases a tenant's suppliers, supplier contracts, orders with their lines, and supplier payments. */
@Component
class SuppliersTenantDataDeletionService extends TenantDataDeletionService {

    SuppliersTenantDataDeletionService() {
        super(TenantDataSchema.named("suppliers"));
    }
}
