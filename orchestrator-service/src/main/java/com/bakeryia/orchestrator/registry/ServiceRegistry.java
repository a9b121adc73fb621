package com.bakeryia.orchestrator.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * The services of the fleet as configured under {@code orchestrator.services}: the domain services in the given step
 * order (the roster's), those it does not name after them in configuration order, then the final service.
 */
public final class ServiceRegistry {

    private static final Pattern SERVICE_NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    private final Map<String, ServiceEndpoint> all;
    private final List<ServiceEndpoint> steps;

    /**
     * Resolves the configuration with the services in configuration order.
     *
     * @param properties {@code orchestrator.*}
     * @see #ServiceRegistry(ServiceRegistryProperties, List)
     */
    public ServiceRegistry(ServiceRegistryProperties properties) {
        this(properties, List.of());
    }

    /**
     * Resolves the configuration, failing on a service without a base URL, a malformed name or a
     * final service that is missing or disabled.
     *
     * @param properties {@code orchestrator.*}
     * @param stepOrder service names whose steps come first, in this order (the roster's); a configured service it
     *     does not name follows them, in configuration order
     */
    public ServiceRegistry(ServiceRegistryProperties properties, List<String> stepOrder) {
        Map<String, ServiceEndpoint> endpoints = new LinkedHashMap<>();
        properties.services().forEach((name, service) -> {
            String property = "orchestrator.services." + name;
            if (!SERVICE_NAME.matcher(name).matches()) {
                throw new InvalidConfigurationPropertyValueException(
                        property, name, "Service names are lower-case words joined by hyphens, e.g. orders-service");
            }
            if (service.baseUrl() == null) {
                throw new InvalidConfigurationPropertyValueException(
                        property + ".base-url", null, "Every service needs its base URL, e.g. http://127.0.0.1:8101");
            }
            if (service.enabled()) {
                endpoints.put(
                        name,
                        new ServiceEndpoint(
                                name,
                                service.baseUrl(),
                                service.connectTimeout(),
                                service.readTimeout(),
                                name.equals(properties.finalService())));
            }
        });
        ServiceEndpoint finalService = endpoints.get(properties.finalService());
        if (finalService == null) {
            throw new InvalidConfigurationPropertyValueException(
                    "orchestrator.final-service",
                    properties.finalService(),
                    "The final service must be one of the enabled orchestrator.services: " + endpoints.keySet());
        }
        List<ServiceEndpoint> ordered = new ArrayList<>();
        endpoints.values().stream()
                .filter(e -> !e.finalStep())
                .sorted(Comparator.comparingInt(e -> position(stepOrder, e.name())))
                .forEach(ordered::add);
        ordered.add(finalService);
        this.all = Collections.unmodifiableMap(endpoints);
        this.steps = List.copyOf(ordered);
    }

    private static int position(List<String> stepOrder, String name) {
        int position = stepOrder.indexOf(name);
        return position < 0 ? stepOrder.size() : position;
    }

    /** Every enabled service, one step each, the final service last. */
    public List<ServiceEndpoint> steps() {
        return steps;
    }

    /** The enabled service of that name, if any. */
    public Optional<ServiceEndpoint> find(String name) {
        return Optional.ofNullable(all.get(name));
    }
}
