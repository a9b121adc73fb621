package com.bakeryia.notification.deletion;

import com.bakeryia.testkit.contract.TenantDataDeletionContractTests;

class NotificationDeletionContractIntegrationTests extends TenantDataDeletionContractTests {}
