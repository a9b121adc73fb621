package com.bakeryia.deletion.metrics;

import com.bakeryia.fleet.ServiceIdentity;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** Deletion metrics, when the application has a Micrometer registry (actuator). */
@AutoConfiguration(
        after = {MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class},
        afterName = "com.bakeryia.deletion.TenantDataDeletionAutoConfiguration")
@ConditionalOnClass({MeterRegistry.class, MetricsAutoConfiguration.class})
@ConditionalOnBean({MeterRegistry.class, ServiceIdentity.class})
class DeletionMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MicrometerDeletionMetrics micrometerDeletionMetrics(MeterRegistry registry, ServiceIdentity identity) {
        return new MicrometerDeletionMetrics(registry, identity);
    }
}
