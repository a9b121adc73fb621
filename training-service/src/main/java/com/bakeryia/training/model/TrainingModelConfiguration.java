package com.bakeryia.training.model;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TrainingArtifactsProperties.class)
class TrainingModelConfiguration {

    @Bean
    TenantArtifactDirectories tenantArtifactDirectories(TrainingArtifactsProperties properties) {
        return new TenantArtifactDirectories(properties.artifactsDir());
    }
}
