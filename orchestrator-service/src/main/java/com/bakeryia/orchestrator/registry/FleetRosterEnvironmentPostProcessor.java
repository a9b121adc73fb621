package com.bakeryia.orchestrator.registry;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.DefaultPropertiesPropertySource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Registers every service of the {@link FleetRoster} that a job calls, as the lowest-precedence property source:
 * {@code orchestrator.services.<name>.base-url=${<NAME>_URL:http://127.0.0.1:<port>}}, for example
 * {@code ${ORDERS_SERVICE_URL:http://127.0.0.1:8101}}. The orchestrator's application.yml, the environment,
 * system properties and the application's default properties all override them, as they would the same lines in
 * application.yml.
 */
final class FleetRosterEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String PROPERTY_SOURCE_NAME = "bakeryFleetRoster";

    private final FleetRoster roster;

    FleetRosterEnvironmentPostProcessor() {
        this(FleetRoster.fromClasspath());
    }

    FleetRosterEnvironmentPostProcessor(FleetRoster roster) {
        this.roster = roster;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
            return;
        }
        Map<String, Object> defaults = new LinkedHashMap<>();
        for (FleetRoster.Member service : roster.called()) {
            defaults.put(
                    "orchestrator.services." + service.name() + ".base-url",
                    "${" + service.urlVariable() + ":" + service.localUrl() + "}");
        }
        // Boot moves the application's default properties to the very end after this runs, so
        // they would lose against these; leave out what they set instead.
        PropertySource<?> applicationDefaults =
                environment.getPropertySources().get(DefaultPropertiesPropertySource.NAME);
        if (applicationDefaults != null) {
            defaults.keySet().removeIf(applicationDefaults::containsProperty);
        }
        environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, defaults));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
