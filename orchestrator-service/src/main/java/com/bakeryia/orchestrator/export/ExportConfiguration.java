package com.bakeryia.orchestrator.export;

import com.bakeryia.fleet.ServiceIdentity;
import com.bakeryia.fleet.token.ClaimsSigner;
import com.bakeryia.fleet.token.ServiceTokenIssuer;
import com.bakeryia.orchestrator.receipt.ReceiptKeys;
import com.bakeryia.orchestrator.registry.ServiceRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The export signs its manifest with the receipt key, so that the receipt JWKS verifies both. */
@Configuration(proxyBeanMethods = false)
class ExportConfiguration {

    @Bean
    TenantExportArchive tenantExportArchive(
            ServiceRegistry registry,
            ServiceTokenIssuer tokens,
            ReceiptKeys receiptKeys,
            ServiceIdentity identity,
            Clock clock) {
        return new TenantExportArchive(registry, tokens, ClaimsSigner.of(identity, receiptKeys.keys(), clock), clock);
    }
}
