package com.bakeryia.orchestrator.registry;

import com.bakeryia.fleet.DefaultProperties;
import com.bakeryia.fleet.FleetRoster;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

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
        Map<String, Object> defaults = new LinkedHashMap<>();
        for (FleetRoster.Service service : roster.called()) {
            defaults.put(
                    "orchestrator.services." + service.name() + ".base-url",
                    "${" + service.urlVariable() + ":" + service.localUrl() + "}");
        }
        DefaultProperties.addLast(environment, PROPERTY_SOURCE_NAME, defaults);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
