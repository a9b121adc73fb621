package com.bakeryia.forecasting.deletion;

import com.bakeryia.deletion.TenantDataDeletionService;
import com.bakeryia.deletion.TenantDataSchema;
import org.springframework.stereotype.Component;

/** Erases a tenant's prediction batches, forecasts, forecast accuracy metrics and cached predictions. */
@Component
class ForecastingTenantDataDeletionService extends TenantDataDeletionService {

    ForecastingTenantDataDeletionService() {
        super(TenantDataSchema.named("forecasting"));
    }
}
