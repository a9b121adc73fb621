package com.bakeryia.orchestrator.registry;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ServiceRegistryProperties.class)
class ServiceRegistryConfiguration {

    @Bean
    ServiceRegistry serviceRegistry(ServiceRegistryProperties properties) {
        return new ServiceRegistry(properties);
    }
}
