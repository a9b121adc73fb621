package com.bakeryia.e2e;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A service of the fleet as ARCHITECTURE.md fixes it: its name, port and the schema it owns.
 *
 * @param name the module name (token audience, metrics tag, {@code scripts/fleet} argument)
 * @param port the port without any offset
 * @param schema the schema of its tenant data, null for the orchestrator (it holds none)
 */
public record FleetService(String name, int port, @Nullable String schema) {

    public static final FleetService TENANT = new FleetService("tenant-service", 8081, "tenant");
    public static final FleetService ORCHESTRATOR = new FleetService("orchestrator-service", 8082, null);

    /** The 12 domain services, in the orchestrator's registry order. */
    public static final List<FleetService> DOMAIN = List.of(
            new FleetService("orders-service", 8101, "orders"),
            new FleetService("inventory-service", 8102, "inventory"),
            new FleetService("recipes-service", 8103, "recipes"),
            new FleetService("sales-service", 8104, "sales"),
            new FleetService("production-service", 8105, "production"),
            new FleetService("suppliers-service", 8106, "suppliers"),
            new FleetService("pos-service", 8107, "pos"),
            new FleetService("external-service", 8108, "external"),
            new FleetService("forecasting-service", 8109, "forecasting"),
            new FleetService("training-service", 8110, "training"),
            new FleetService("alert-processor-service", 8111, "alert_processor"),
            new FleetService("notification-service", 8112, "notification"));

    /** The 13 services that hold tenant data: the domain services and tenant-service. */
    public static final List<FleetService> WITH_TENANT_DATA =
            Stream.concat(DOMAIN.stream(), Stream.of(TENANT)).toList();

    /** All 14. */
    public static final List<FleetService> ALL =
            Stream.concat(Stream.of(TENANT, ORCHESTRATOR), DOMAIN.stream()).toList();

    /** The path segment of its deletion endpoints: the name without "-service". */
    public String segment() {
        return name.substring(0, name.length() - "-service".length());
    }

    public static FleetService named(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("No service " + name + " in the fleet"));
    }

    public static Optional<FleetService> find(String name) {
        return ALL.stream().filter(service -> service.name.equals(name)).findFirst();
    }
}
