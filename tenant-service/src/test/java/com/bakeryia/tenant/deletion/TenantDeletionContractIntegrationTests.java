package com.bakeryia.tenant.deletion;

import com.bakeryia.tenant.testing.TestFleet;
import com.bakeryia.testkit.contract.TenantDataDeletionContractTests;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

/** The fleet's deletion contract, with tenant-service's test keys and user-token issuer configured. */
@ContextConfiguration(initializers = TestFleet.Initializer.class)
@TestPropertySource(locations = "classpath:tenant-service-test.properties")
class TenantDeletionContractIntegrationTests extends TenantDataDeletionContractTests {}
