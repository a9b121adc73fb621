package com.bakeryia.fleet;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/** The name under which this service is known in the fleet ({@link ServiceIdentity}). */
@AutoConfiguration
@EnableConfigurationProperties(FleetProperties.class)
public class FleetAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ServiceIdentity serviceIdentity(FleetProperties properties, Environment environment) {
        String name = StringUtils.hasText(properties.serviceName())
                ? properties.serviceName()
                : environment.getProperty("spring.application.name");
        if (!StringUtils.hasText(name)) {
            throw new IllegalStateException(
                    "Set deletion.service-name or spring.application.name to this service's name, e.g. orders-service");
        }
        return new ServiceIdentity(name);
    }
}
