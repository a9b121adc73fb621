package com.bakeryia.inventory.deletion;

import com.bakeryia.testkit.contract.TenantDataDeletionContractTests;

class InventoryDeletionContractIntegrationTests extends TenantDataDeletionContractTests {}
