package com.bakeryia.suppliers.deletion;

import com.bakeryia.testkit.contract.TenantDataDeletionContractTests;

class SuppliersDeletionContractIntegrationTests extends TenantDataDeletionContractTests {}
