package com.bakeryia.external.deletion;

import com.bakeryia.testkit.contract.TenantDataDeletionContractTests;

class ExternalDeletionContractIntegrationTests extends TenantDataDeletionContractTests {}
