package com.bakeryia.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;

/**
 * The fleet's roster, {@code fleet.yaml} at the repository root: every service once, with its name,
 * port, schema and kind, the domain services in the orchestrator's step order. The one list of
 * services that the orchestrator's registry defaults, the tools and the end-to-end harness, and the
 * deployment checks start from (scripts/fleet reads the same file with awk). A module that needs it
 * at run time copies the file into its jar ({@link #fromClasspath()}).
 *
 * @param services every service, in the roster's order
 */
public record FleetRoster(List<Service> services) {

    /** The roster's file name, at the repository root and on the classpath. */
    public static final String FILE = "fleet.yaml";

    /** What a service is in the fleet. */
    public enum Kind {
        /** tenant-service: the owners' API, erased last. */
        TENANT,
        /** The orchestrator: runs the jobs, holds no tenant data. */
        ORCHESTRATOR,
        /** A domain service, erased in parallel with the others. */
        DOMAIN
    }

    /**
     * One line of the roster.
     *
     * @param name the module's name: token audience, metrics tag, registry key, host name in compose
     *     and Kubernetes
     * @param port its HTTP port in the local fleet and its container port everywhere
     * @param schema the PostgreSQL schema it owns
     * @param kind what it is in the fleet
     */
    public record Service(String name, int port, String schema, Kind kind) {

        /** Whether it holds tenant data and so embeds deletion-core (every kind but the orchestrator). */
        public boolean holdsTenantData() {
            return kind != Kind.ORCHESTRATOR;
        }

        /** The environment variable that overrides its base URL: {@code ORDERS_SERVICE_URL}. */
        public String urlVariable() {
            return name.toUpperCase(Locale.ROOT).replace('-', '_') + "_URL";
        }

        /** Its base URL in the local fleet: {@code http://127.0.0.1:8101}. */
        public URI localUrl() {
            return URI.create("http://127.0.0.1:" + port);
        }
    }

    /**
     * A roster, checked: no name, port or schema twice, exactly one tenant and one orchestrator.
     *
     * @param services every service, in the roster's order
     */
    public FleetRoster {
        services = List.copyOf(services);
        Set<String> seen = new HashSet<>();
        for (Service service : services) {
            for (String value :
                    List.of("name " + service.name(), "port " + service.port(), "schema " + service.schema())) {
                if (!seen.add(value)) {
                    throw new IllegalStateException(FILE + ": " + value + " is listed twice");
                }
            }
        }
        for (Kind kind : List.of(Kind.TENANT, Kind.ORCHESTRATOR)) {
            long count =
                    services.stream().filter(service -> service.kind() == kind).count();
            if (count != 1) {
                throw new IllegalStateException(
                        FILE + ": expected exactly one service of kind " + kind + ", found " + count);
            }
        }
    }

    /** The roster the running jar was built with. */
    public static FleetRoster fromClasspath() {
        return read(new ClassPathResource(FILE));
    }

    /** The roster of a repository checkout. */
    public static FleetRoster read(Path repositoryRoot) {
        return read(new FileSystemResource(repositoryRoot.resolve(FILE)));
    }

    /** Reads a roster with Spring Boot's YAML loader and binder (the same rules as application.yml). */
    public static FleetRoster read(Resource roster) {
        if (!roster.exists()) {
            throw new IllegalStateException("No roster at " + roster + " (the build copies " + FILE + " there)");
        }
        try {
            var sources = new YamlPropertySourceLoader().load(FILE, roster);
            return new Binder(ConfigurationPropertySources.from(sources))
                    .bind("services", Bindable.listOf(Service.class))
                    .map(FleetRoster::new)
                    .orElseThrow(() -> new IllegalStateException("The roster " + roster + " lists no services"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the roster " + roster, e);
        }
    }

    /** The service of that name, if the roster lists it. */
    public Optional<Service> find(String name) {
        return services.stream().filter(service -> service.name().equals(name)).findFirst();
    }

    /** The services of one kind, in the roster's order. */
    public List<Service> ofKind(Kind kind) {
        return services.stream().filter(service -> service.kind() == kind).toList();
    }

    /** tenant-service. */
    public Service tenant() {
        return ofKind(Kind.TENANT).getFirst();
    }

    /** The orchestrator. */
    public Service orchestrator() {
        return ofKind(Kind.ORCHESTRATOR).getFirst();
    }

    /** The services a deletion job calls: the tenant and domain services, in the roster's order. */
    public List<Service> called() {
        return services.stream().filter(Service::holdsTenantData).toList();
    }

    /** Every service's name, in the roster's order. */
    public List<String> names() {
        return services.stream().map(Service::name).toList();
    }
}
