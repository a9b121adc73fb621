package com.bakeryia.deployment;

import com.bakeryia.fleet.FleetRoster;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** What the checks share: the repository, its services and the rules every deployment keeps. */
final class Fleet {

    static final Path ROOT = Repository.root();
    static final FleetRoster ROSTER = FleetRoster.read(ROOT);
    static final Map<String, ServiceModule> SERVICES = ServiceModules.discover(ROOT, ROSTER);
    static final String ORCHESTRATOR = ROSTER.orchestrator().name();
    static final String TENANT = ROSTER.tenant().name();

    /** Read by the image's {@code java} launcher, not by the services. */
    static final Set<String> IMAGE_VARIABLES = Set.of("JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS", "TZ");

    /** The actuator paths a container platform probes. */
    static final String READINESS = "/actuator/health/readiness";

    static final String LIVENESS = "/actuator/health/liveness";
    static final String PROMETHEUS = "/actuator/prometheus";

    /** The paths where a service with signing keys publishes them. */
    static final Set<String> JWKS_PATHS = Set.of("/.well-known/jwks.json", "/actuator/jwks");

    private static final Pattern URL = Pattern.compile("https?://[^\\s\"']+");

    private Fleet() {}

    static Set<String> domainServices() {
        Set<String> domain = new LinkedHashSet<>();
        ROSTER.ofKind(FleetRoster.Kind.DOMAIN).forEach(service -> domain.add(service.name()));
        return domain;
    }

    static Set<String> activeProfiles(@Nullable String springProfilesActive) {
        Set<String> profiles = new LinkedHashSet<>();
        if (springProfilesActive != null) {
            Arrays.stream(springProfilesActive.split(","))
                    .map(String::strip)
                    .filter(profile -> !profile.isEmpty())
                    .forEach(profiles::add);
        }
        return profiles;
    }

    /**
     * Why a variable given to a service is wrong, or empty when the service reads it: through a placeholder
     * of its configuration files (with these profiles), by relaxed binding to a property it binds, or as the
     * image's JVM options.
     */
    static Optional<String> unread(
            ServiceModule service, SpringProperties properties, String variable, Set<String> profiles) {
        if (service.reads(variable, profiles) || IMAGE_VARIABLES.contains(variable)) {
            return Optional.empty();
        }
        if (service.variables().containsKey(variable)) {
            return Optional.of(variable + " is read by " + service.name() + " only with profiles "
                    + service.variables().get(variable).keySet() + ", active: " + profiles);
        }
        if (properties.propertyOf(variable).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(variable + " is neither a placeholder of " + service.name()
                + "'s configuration nor a property it binds");
    }

    /** The http(s) URL in a value, if the value is one. */
    static Optional<URI> url(String value) {
        return URL.matcher(value).matches() ? Optional.of(URI.create(value)) : Optional.empty();
    }

    /**
     * Why a URL given to a service does not reach what it should, or empty: it must name a service of the fleet
     * and one of its ports, and a path that port serves (none for a base URL, the JWKS of a service that signs).
     *
     * @param managementPort the service's separate management port, or null when actuator is on the app port
     */
    static Optional<String> unreachable(String variable, URI url, int appPort, @Nullable Integer managementPort) {
        String target = url.getHost();
        ServiceModule service = SERVICES.get(target);
        if (service == null) {
            return Optional.of(variable + "=" + url + " names no service of the fleet");
        }
        if (service.port() != appPort) {
            throw new IllegalStateException("app port of " + target + " given as " + appPort);
        }
        String path = url.getPath() == null ? "" : url.getPath();
        boolean signs = target.equals(ORCHESTRATOR) || target.equals(TENANT);
        boolean onApp = url.getPort() == appPort;
        boolean onManagement = managementPort != null && url.getPort() == managementPort;
        if (!onApp && !onManagement) {
            return Optional.of(variable + "=" + url + ": " + target + " listens on " + appPort
                    + (managementPort == null ? "" : " and " + managementPort) + ", not " + url.getPort());
        }
        boolean served;
        if (path.isEmpty() || path.equals("/")) {
            served = onApp;
        } else if (path.equals("/actuator/jwks")) {
            served = signs && (onManagement || managementPort == null);
        } else if (path.equals("/.well-known/jwks.json")) {
            served = signs && onApp;
        } else {
            served = false;
        }
        return served
                ? Optional.empty()
                : Optional.of(variable + "=" + url + ": " + target + " serves no "
                        + (path.isEmpty() ? "base URL" : path) + " on port " + url.getPort());
    }
}
