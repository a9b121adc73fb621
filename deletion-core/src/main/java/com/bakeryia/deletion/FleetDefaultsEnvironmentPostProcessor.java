package com.bakeryia.deletion;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

/**
 * Adds the settings every service of the fleet shares (database from DB_URL/DB_USER/DB_PASSWORD,
 * a small pool, virtual threads, problem details, probes, Prometheus) as the lowest-precedence
 * property source, so a service's own configuration and the environment override any of them.
 */
final class FleetDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String PROPERTY_SOURCE_NAME = "bakeryFleetDefaults";
    private static final String DEFAULTS = "com/bakeryia/deletion/fleet-defaults.properties";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
            return;
        }
        try {
            environment
                    .getPropertySources()
                    .addLast(new ResourcePropertySource(PROPERTY_SOURCE_NAME, new ClassPathResource(DEFAULTS)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + DEFAULTS + " from deletion-core", e);
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
