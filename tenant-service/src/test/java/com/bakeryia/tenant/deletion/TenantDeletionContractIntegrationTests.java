package com.bakeryia.tenant.deletion;

import com.bakeryia.tenant.testing.TestFleet;
import com.bakeryia.testkit.contract.TenantDataDeletionContractTests;
import java.util.Set;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

/** The fleet's deletion contract, with tenant-service's test keys and user-token issuer configured. */
@ContextConfiguration(initializers = TestFleet.Initializer.class)
@TestPropertySource(locations = "classpath:tenant-service-test.properties")
class TenantDeletionContractIntegrationTests extends TenantDataDeletionContractTests {

    /** The tombstone of each erased tenant (id, when, which job) is kept. */
    @Override
    protected Set<String> retainedTables() {
        return Set.of("tenant_tombstones", DeletionStatusRecords.TABLE);
    }
}
