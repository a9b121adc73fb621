package com.bakeryia.orchestrator.receipt;

import com.bakeryia.fleet.token.ClaimsSigner;
import com.bakeryia.orchestrator.audit.AuditTrail;
import com.bakeryia.orchestrator.job.DeletionJobRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ReceiptConfiguration {

    @Bean
    DeletionReceipts deletionReceipts(DeletionJobRepository jobs, AuditTrail audit, ClaimsSigner signer) {
        return new DeletionReceipts(jobs, audit, signer);
    }
}
