package com.bakeryia.orchestrator.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

    @Bean
    DeletionJobMetrics deletionJobMetrics(MeterRegistry registry) {
        return new DeletionJobMetrics(registry);
    }
}
