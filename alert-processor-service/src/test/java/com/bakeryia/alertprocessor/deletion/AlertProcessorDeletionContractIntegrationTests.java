package com.bakeryia.alertprocessor.deletion;

import com.bakeryia.testkit.contract.TenantDataDeletionContractTests;

class AlertProcessorDeletionContractIntegrationTests extends TenantDataDeletionContractTests {}
