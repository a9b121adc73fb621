package com.bakeryia.orchestrator.store;

import com.bakeryia.fleet.retention.RetentionPurge;
import com.bakeryia.orchestrator.registry.ServiceRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({JobsProperties.class, RetentionProperties.class})
class StoreConfiguration {

    @Bean
    AuditTrail auditTrail(JdbcClient jdbc) {
        return new AuditTrail(jdbc);
    }

    @Bean
    JobStore jobStore(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            AuditTrail audit,
            ServiceRegistry registry,
            ObjectMapper objectMapper,
            ApplicationEventPublisher events,
            JobsProperties properties) {
        return new JobStore(jdbc, transactions, audit, registry, objectMapper, events, properties);
    }

    @Bean
    AdminActions adminActions(JdbcClient jdbc, TransactionTemplate transactions, AuditTrail audit, JobStore jobs) {
        return new AdminActions(jdbc, transactions, audit, jobs);
    }

    @Bean
    LegalHolds legalHolds(JdbcClient jdbc, TransactionTemplate transactions, AuditTrail audit, JobStore jobs) {
        return new LegalHolds(jdbc, transactions, audit, jobs);
    }

    @Bean
    JobRetention jobRetention(JdbcClient jdbc, RetentionProperties properties) {
        return new JobRetention(jdbc, properties);
    }

    @Bean
    RetentionPurge orchestratorJobsPurge(JobRetention retention) {
        return RetentionPurge.named("orchestrator-jobs", (now, batch) -> retention.purgeFinishedJobs(batch));
    }

    @Bean
    RetentionPurge orchestratorLegalHoldsPurge(JobRetention retention) {
        return RetentionPurge.named("orchestrator-legal-holds", (now, batch) -> retention.purgeLiftedLegalHolds(batch));
    }

    @Bean
    RetentionPurge orchestratorJobPersonalDataPurge(JobRetention retention) {
        return RetentionPurge.named(
                "orchestrator-job-personal-data", (now, batch) -> retention.redactFinishedJobs(batch));
    }

    @Bean
    RetentionPurge orchestratorLegalHoldPersonalDataPurge(JobRetention retention) {
        return RetentionPurge.named(
                "orchestrator-legal-hold-personal-data", (now, batch) -> retention.redactLiftedLegalHolds(batch));
    }
}
