package com.bakeryia.sales.deletion;

import com.bakeryia.deletion.TenantDataDeletionService;
import com.bakeryia.deletion.TenantDataSchema;
import org.springframework.stereotype.Component;

/** Erases a tenant's sales import runs, sales records, sales aggregates and sales predictions. */
@Component
class SalesTenantDataDeletionService extends TenantDataDeletionService {

    SalesTenantDataDeletionService() {
        super(TenantDataSchema.named("sales"));
    }
}
