package com.bakeryia.orders.deletion;

import com.bakeryia.deletion.TenantDataDeletionService;
import com.bakeryia.deletion.TenantDataSchema;
import org.springframework.stereotype.Component;

/** Erases a tenant's customers, orders, order lines and status history. */
@Component
class OrdersTenantDataDeletionService extends TenantDataDeletionService {

    OrdersTenantDataDeletionService() {
        super(TenantDataSchema.named("orders"));
    }
}
