package com.bakeryia.sales.deletion;

import com.bakeryia.testkit.contract.TenantDataDeletionContractTests;

class SalesDeletionContractIntegrationTests extends TenantDataDeletionContractTests {}
