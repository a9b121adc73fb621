package com.bakeryia.tools;

import com.bakeryia.fleet.FleetRoster;
import com.bakeryia.fleet.FleetRoster.Kind;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A service of the fleet as the roster ({@link FleetRoster}, {@code fleet.yaml} at the repository root, copied into
 * this jar when it is built) lists it, with the lists the harness and the tools use.
 *
 * @param name the module name (token audience, metrics tag, {@code scripts/fleet} argument)
 * @param port the port without any offset
 * @param schema the PostgreSQL schema it owns
 * @param kind what it is in the fleet
 */
public record FleetService(String name, int port, String schema, Kind kind) {

    /** Every service, in the roster's order. */
    public static final List<FleetService> ALL = FleetRoster.fromClasspath().services().stream()
            .map(service -> new FleetService(service.name(), service.port(), service.schema(), service.kind()))
            .toList();

    public static final FleetService TENANT = only(Kind.TENANT);
    public static final FleetService ORCHESTRATOR = only(Kind.ORCHESTRATOR);

    /** The domain services, in the roster's order (the orchestrator's step order). */
    public static final List<FleetService> DOMAIN =
            ALL.stream().filter(service -> service.kind == Kind.DOMAIN).toList();

    /** The services that hold tenant data: the domain services, then tenant-service. */
    public static final List<FleetService> WITH_TENANT_DATA =
            Stream.concat(DOMAIN.stream(), Stream.of(TENANT)).toList();

    public static FleetService named(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("No service " + name + " in the fleet"));
    }

    public static Optional<FleetService> find(String name) {
        return ALL.stream().filter(service -> service.name.equals(name)).findFirst();
    }

    private static FleetService only(Kind kind) {
        List<FleetService> services =
                ALL.stream().filter(service -> service.kind == kind).toList();
        if (services.size() != 1) {
            throw new IllegalStateException(
                    "The roster " + FleetRoster.FILE + " must list one service of kind " + kind + ", not " + services);
        }
        return services.getFirst();
    }
}
