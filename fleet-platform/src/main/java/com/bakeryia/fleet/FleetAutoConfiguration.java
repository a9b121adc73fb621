package com.bakeryia.fleet;

import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * The name under which this service is known in the fleet ({@link ServiceIdentity}) and the {@link
 * Clock} of every time decision (token expiry, leases, grace periods): the system clock in UTC,
 * unless the application or a test declares its own.
 */
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

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
