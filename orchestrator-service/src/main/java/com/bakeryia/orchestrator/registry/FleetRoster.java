package com.bakeryia.orchestrator.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;

/**
 * The fleet's roster, {@code fleet.yaml} at the repository root, which the build copies into this jar: every service
 * with its name, port, schema and kind. The orchestrator calls the tenant and domain services, in the roster's order.
 *
 * @param services every service, in the roster's order
 */
public record FleetRoster(List<Member> services) {

    /** Where the build puts the roster on the classpath. */
    public static final String RESOURCE = "fleet.yaml";

    /** The roster's kinds of service. */
    public enum Kind {
        /** tenant-service: the owners' API, erased last. */
        TENANT,
        /** The orchestrator: runs the jobs, holds no tenant data. */
        ORCHESTRATOR,
        /** A domain service, erased in parallel with the others. */
        DOMAIN
    }

    /**
     * One service of the roster.
     *
     * @param name the fleet name ({@code orders-service}): token audience, metrics tag, registry key
     * @param port its HTTP port in the local fleet
     * @param schema the PostgreSQL schema it owns
     * @param kind what it is in the fleet
     */
    public record Member(String name, int port, String schema, Kind kind) {

        /** The environment variable that overrides its base URL: {@code ORDERS_SERVICE_URL}. */
        public String urlVariable() {
            return name.toUpperCase(Locale.ROOT).replace('-', '_') + "_URL";
        }

        /** Its base URL in the local fleet: {@code http://127.0.0.1:8101}. */
        public URI localUrl() {
            return URI.create("http://127.0.0.1:" + port);
        }
    }

    public FleetRoster {
        services = List.copyOf(services);
    }

    /** The roster this jar was built with. */
    public static FleetRoster fromClasspath() {
        return read(new ClassPathResource(RESOURCE));
    }

    /** Reads a roster with Spring Boot's YAML loader and binder (the same rules as application.yml). */
    public static FleetRoster read(Resource roster) {
        try {
            var sources = new YamlPropertySourceLoader().load(RESOURCE, roster);
            return new Binder(ConfigurationPropertySources.from(sources))
                    .bind("services", Bindable.listOf(Member.class))
                    .map(FleetRoster::new)
                    .orElseThrow(() -> new IllegalStateException("The roster " + roster + " lists no services"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the roster " + roster, e);
        }
    }

    /** The services a deletion job calls: the tenant and domain services, in the roster's order. */
    public List<Member> called() {
        return services.stream()
                .filter(member -> member.kind() != Kind.ORCHESTRATOR)
                .toList();
    }
}
