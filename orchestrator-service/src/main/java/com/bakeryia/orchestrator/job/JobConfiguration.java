package com.bakeryia.orchestrator.job;

import com.bakeryia.orchestrator.audit.AuditTrail;
import com.bakeryia.orchestrator.registry.ServiceRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
class JobConfiguration {

    @Bean
    DeletionJobRepository deletionJobRepository(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            AuditTrail audit,
            ServiceRegistry registry,
            ObjectMapper objectMapper,
            ApplicationEventPublisher events,
            Clock clock) {
        return new DeletionJobRepository(jdbc, transactions, audit, registry, objectMapper, events, clock);
    }
}
