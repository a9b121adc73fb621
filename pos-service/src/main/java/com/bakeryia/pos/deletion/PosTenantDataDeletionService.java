package com.bakeryia.pos.deletion;

import com.bakeryia.deletion.TenantDataDeletionService;
import com.bakeryia.deletion.TenantDataSchema;
import org.springframework.stereotype.Component;

/**
 * Erases a tenant's POS configurations (with their encrypted provider credentials), the
 * transactions and transaction lines they delivered, and their webhook and sync logs.
 */
@Component
class PosTenantDataDeletionService extends TenantDataDeletionService {

    PosTenantDataDeletionService() {
        super(TenantDataSchema.named("pos"));
    }
}
