package com.bakeryia.fleet;

import java.util.regex.Pattern;

/**
 * The name under which this service is known in the fleet: the audience of the service tokens it
 * accepts, the issuer of those it signs, the {@code service} tag of its metrics and the {@code
 * service_name} of its responses (for example {@code orders-service}).
 *
 * @param name the module name, lower-case words joined by hyphens
 */
public record ServiceIdentity(String name) {

    private static final Pattern SERVICE_NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    private static final String SERVICE_SUFFIX = "-service";

    public ServiceIdentity {
        if (!SERVICE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "Service name '" + name + "' must be lower-case words joined by hyphens, e.g. orders-service");
        }
    }

    /**
     * The path segment of this service's endpoints: the name without {@code -service} ({@code
     * orders}, {@code alert-processor}), as in {@code /api/v1/orders/tenant/{tenantId}}.
     */
    public String pathSegment() {
        return name.endsWith(SERVICE_SUFFIX) ? name.substring(0, name.length() - SERVICE_SUFFIX.length()) : name;
    }
}
