package com.bakeryia.orchestrator.preview;

import com.bakeryia.orchestrator.client.ServiceClient;
import com.bakeryia.orchestrator.registry.ServiceRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PreviewConfiguration {

    @Bean
    DeletionPreviews deletionPreviews(ServiceRegistry registry, ServiceClient client) {
        return new DeletionPreviews(registry, client);
    }
}
