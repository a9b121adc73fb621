package com.bakeryia.forecasting.deletion;

import com.bakeryia.testkit.contract.TenantDataDeletionContractTests;

class ForecastingDeletionContractIntegrationTests extends TenantDataDeletionContractTests {}
