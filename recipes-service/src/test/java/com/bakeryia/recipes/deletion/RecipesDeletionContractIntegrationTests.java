package com.bakeryia.recipes.deletion;

import com.bakeryia.testkit.contract.TenantDataDeletionContractTests;

class RecipesDeletionContractIntegrationTests extends TenantDataDeletionContractTests {}
