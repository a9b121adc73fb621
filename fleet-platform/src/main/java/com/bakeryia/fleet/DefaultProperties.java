package com.bakeryia.fleet;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.DefaultPropertiesPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Adds settings as defaults that everything else overrides: a service's own configuration, the
 * environment, system properties and the application's default properties. For an {@code
 * EnvironmentPostProcessor} such as the fleet defaults' or the orchestrator's registry defaults.
 */
public final class DefaultProperties {

    private DefaultProperties() {}

    /**
     * Adds the settings as the last property source, once per environment.
     *
     * @param environment the application's environment
     * @param name the property source's name; a second call with the same name changes nothing
     * @param settings the settings
     */
    public static void addLast(ConfigurableEnvironment environment, String name, Map<String, Object> settings) {
        if (environment.getPropertySources().contains(name)) {
            return;
        }
        Map<String, Object> defaults = new LinkedHashMap<>(settings);
        // Boot moves the application's default properties to the very end after the post-processors
        // ran, so they would lose against these; leave out what they set instead.
        PropertySource<?> applicationDefaults =
                environment.getPropertySources().get(DefaultPropertiesPropertySource.NAME);
        if (applicationDefaults != null) {
            defaults.keySet().removeIf(applicationDefaults::containsProperty);
        }
        environment.getPropertySources().addLast(new MapPropertySource(name, defaults));
    }
}
