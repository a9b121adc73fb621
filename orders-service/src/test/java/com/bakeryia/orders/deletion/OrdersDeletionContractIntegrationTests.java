package com.bakeryia.orders.deletion;

import com.bakeryia.testkit.contract.TenantDataDeletionContractTests;

class OrdersDeletionContractIntegrationTests extends TenantDataDeletionContractTests {}
