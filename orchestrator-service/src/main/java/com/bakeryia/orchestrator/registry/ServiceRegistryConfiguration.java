package com.bakeryia.orchestrator.registry;

import com.bakeryia.fleet.FleetRoster;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ServiceRegistryProperties.class)
class ServiceRegistryConfiguration {

    @Bean
    ServiceRegistry serviceRegistry(ServiceRegistryProperties properties) {
        List<String> rosterOrder = FleetRoster.fromClasspath().called().stream()
                .map(FleetRoster.Service::name)
                .toList();
        return new ServiceRegistry(properties, rosterOrder);
    }
}
