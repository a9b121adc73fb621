package com.bakeryia.training.model;

import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
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

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
