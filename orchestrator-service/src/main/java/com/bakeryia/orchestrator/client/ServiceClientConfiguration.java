package com.bakeryia.orchestrator.client;

import com.bakeryia.fleet.token.ServiceTokenIssuer;
import com.bakeryia.orchestrator.registry.ServiceRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClientProperties.class)
class ServiceClientConfiguration {

    @Bean
    ServiceResilience serviceResilience(
            ServiceRegistry registry,
            RetryRegistry retries,
            CircuitBreakerRegistry circuitBreakers,
            BulkheadRegistry bulkheads) {
        return new ServiceResilience(registry, retries, circuitBreakers, bulkheads);
    }

    @Bean
    ServiceClient serviceClient(
            ServiceRegistry registry,
            ServiceTokenIssuer tokens,
            ServiceResilience resilience,
            ObjectMapper objectMapper,
            ClientProperties properties) {
        return new ServiceClient(registry, tokens, resilience, objectMapper, properties.maxAnswerSize());
    }
}
