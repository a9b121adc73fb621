package com.bakeryia.external.deletion;

import com.bakeryia.deletion.TenantDataDeletionService;
import com.bakeryia.deletion.TenantDataSchema;
import org.springframework.stereotype.Component;

/**
 * Erases a tenant's locations, weather subscriptions and the weather fetched for them. Cities and
 * city weather are reference data of a whole city, shared by every tenant there: they are never
 * written by a deletion, even for the city the erased bakery was in.
 */
@Component
class ExternalTenantDataDeletionService extends TenantDataDeletionService {

    ExternalTenantDataDeletionService() {
        super(TenantDataSchema.named("external")
                .shared("cities", "city-level reference data (name, region, coordinates), no tenant's data")
                .shared(
                        "city_weather",
                        "public weather observations per city, shared by every tenant of the city;"
                                + " holds nothing of any tenant"));
    }
}
