package com.bakeryia.orchestrator.receipt;

import com.bakeryia.fleet.token.ClaimsSigner;
import com.bakeryia.orchestrator.store.AuditTrail;
import com.bakeryia.orchestrator.store.JobStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ReceiptConfiguration {

    @Bean
    DeletionReceipts deletionReceipts(JobStore jobs, AuditTrail audit, ClaimsSigner signer) {
        return new DeletionReceipts(jobs, audit, signer);
    }
}
