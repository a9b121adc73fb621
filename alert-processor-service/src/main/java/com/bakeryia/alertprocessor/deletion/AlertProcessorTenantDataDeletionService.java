package com.bakeryia.alertprocessor.deletion;

import com.bakeryia.deletion.TenantDataDeletionService;
import com.bakeryia.deletion.TenantDataSchema;
import org.springframework.stereotype.Component;

/** Erases a tenant's alert rules, alerts and its users' interactions with those alerts. */
@Component
class AlertProcessorTenantDataDeletionService extends TenantDataDeletionService {

    AlertProcessorTenantDataDeletionService() {
        super(TenantDataSchema.named("alert_processor"));
    }
}
