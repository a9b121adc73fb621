package com.bakeryia.recipes.deletion;

import com.bakeryia.deletion.TenantDataDeletionService;
import com.bakeryia.deletion.TenantDataSchema;
import org.springframework.stereotype.Component;

/** Erases a tenant's recipes with their ingredients, method steps and allergen declarations. */
@Component
class RecipesTenantDataDeletionService extends TenantDataDeletionService {

    RecipesTenantDataDeletionService() {
        super(TenantDataSchema.named("recipes"));
    }
}
