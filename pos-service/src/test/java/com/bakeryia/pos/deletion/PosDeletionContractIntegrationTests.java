package com.bakeryia.pos.deletion;

import com.bakeryia.pos.configuration.TestEncryptionKeys;
import com.bakeryia.testkit.contract.TenantDataDeletionContractTests;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class PosDeletionContractIntegrationTests extends TenantDataDeletionContractTests {

    @DynamicPropertySource
    static void encryptionKey(DynamicPropertyRegistry registry) {
        registry.add("pos.credentials.encryption-key", TestEncryptionKeys::randomBase64Key);
    }
}
