package com.bakeryia.production.deletion;

import com.bakeryia.testkit.contract.TenantDataDeletionContractTests;

class ProductionDeletionContractIntegrationTests extends TenantDataDeletionContractTests {}
