package com.bakeryia.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

/**
 * Adds the settings every service of the fleet shares as the lowest-precedence property source: a
 * service's own configuration, the environment and the application's default properties all
 * override them. The settings, each with the reason it is the default, are in one file, {@code
 * fleet-platform/src/main/resources/com/bakeryia/fleet/fleet-defaults.properties}: the database
 * from {@code DB_URL}/{@code DB_USER}/{@code DB_PASSWORD} and a small pool, virtual threads,
 * problem details, Jackson's {@code fail-on-unknown-properties} (global, for every Boot-built
 * {@code ObjectMapper}), graceful shutdown, probes, Prometheus, the orchestrator as a trusted
 * issuer and springdoc's sorted output.
 */
final class FleetDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String PROPERTY_SOURCE_NAME = "bakeryFleetDefaults";
    private static final String DEFAULTS = "com/bakeryia/fleet/fleet-defaults.properties";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new HashMap<>();
        try {
            PropertiesLoaderUtils.loadProperties(new ClassPathResource(DEFAULTS))
                    .forEach((key, value) -> defaults.put((String) key, value));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + DEFAULTS + " from fleet-platform", e);
        }
        DefaultProperties.addLast(environment, PROPERTY_SOURCE_NAME, defaults);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
