package com.bakeryia.deployment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The fleet's roster, {@code fleet.yaml} at the repository root: every service with its port, schema and kind,
 * in the orchestrator's step order. The one list of services the deployment checks start from.
 *
 * @param services the services, as listed
 */
public record FleetRoster(List<Service> services) {

    public static final String FILE = "fleet.yaml";

    /** What a service is in the fleet. */
    public enum Kind {
        /** tenant-service: the owners' API, erased last. */
        TENANT,
        /** The orchestrator: runs the jobs, holds no tenant data. */
        ORCHESTRATOR,
        /** A domain service, erased in parallel. */
        DOMAIN
    }

    /**
     * One line of the roster.
     *
     * @param name the module's name: token audience, metrics tag, host name in compose and Kubernetes
     * @param port its HTTP port in the local fleet and its container port everywhere
     * @param schema the PostgreSQL schema it owns
     * @param kind what it is in the fleet
     */
    public record Service(String name, int port, String schema, Kind kind) {

        /** Whether it holds tenant data and so embeds deletion-core (every kind but the orchestrator). */
        public boolean holdsTenantData() {
            return kind != Kind.ORCHESTRATOR;
        }
    }

    public FleetRoster {
        services = List.copyOf(services);
    }

    /** The roster of a repository, checked for duplicates and for exactly one tenant and one orchestrator. */
    public static FleetRoster read(Path root) {
        Path file = root.resolve(FILE);
        List<Service> services = new ArrayList<>();
        for (Object line : Yamls.listAt(Yamls.document(file), "services")) {
            String name = Yamls.stringAt(line, "name");
            String port = Yamls.stringAt(line, "port");
            String schema = Yamls.stringAt(line, "schema");
            String kind = Yamls.stringAt(line, "kind");
            if (name == null || port == null || schema == null || kind == null) {
                throw new IllegalStateException(file + ": every service needs name, port, schema and kind: " + line);
            }
            services.add(
                    new Service(name, Integer.parseInt(port), schema, Kind.valueOf(kind.toUpperCase(Locale.ROOT))));
        }
        FleetRoster roster = new FleetRoster(services);
        roster.requireUnique(file);
        return roster;
    }

    private void requireUnique(Path file) {
        Set<Object> seen = new HashSet<>();
        for (Service service : services) {
            for (Object value :
                    List.of("name " + service.name(), "port " + service.port(), "schema " + service.schema())) {
                if (!seen.add(value)) {
                    throw new IllegalStateException(file + ": " + value + " is listed twice");
                }
            }
        }
        for (Kind kind : List.of(Kind.TENANT, Kind.ORCHESTRATOR)) {
            if (ofKind(kind).size() != 1) {
                throw new IllegalStateException(file + ": expected exactly one service of kind " + kind + ", found "
                        + ofKind(kind).stream().map(Service::name).toList());
            }
        }
    }

    public Optional<Service> find(String name) {
        return services.stream().filter(service -> service.name().equals(name)).findFirst();
    }

    public List<Service> ofKind(Kind kind) {
        return services.stream().filter(service -> service.kind() == kind).toList();
    }

    public Service tenant() {
        return ofKind(Kind.TENANT).get(0);
    }

    public Service orchestrator() {
        return ofKind(Kind.ORCHESTRATOR).get(0);
    }

    public List<String> names() {
        return services.stream().map(Service::name).toList();
    }
}
