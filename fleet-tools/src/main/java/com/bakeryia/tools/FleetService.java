package com.bakeryia.tools;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A service of the fleet as the roster lists it: {@code fleet.yaml} at the repository root, copied into this jar when
 * it is built.
 *
 * @param name the module name (token audience, metrics tag, {@code scripts/fleet} argument)
 * @param port the port without any offset
 * @param schema the PostgreSQL schema it owns
 * @param kind what it is in the fleet
 */
public record FleetService(String name, int port, String schema, Kind kind) {

    /** The roster's kinds of service. */
    public enum Kind {
        /** tenant-service: the owners' API, erased last. */
        TENANT,
        /** The orchestrator: runs the jobs, holds no tenant data. */
        ORCHESTRATOR,
        /** A domain service, erased in parallel with the others. */
        DOMAIN
    }

    private static final String ROSTER = "fleet.yaml";

    /** Every service, in the roster's order. */
    public static final List<FleetService> ALL = readRoster();

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

    private record Roster(List<FleetService> services) {}

    private static List<FleetService> readRoster() {
        YAMLMapper yaml = YAMLMapper.builder()
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
        try (InputStream roster = FleetService.class.getClassLoader().getResourceAsStream(ROSTER)) {
            if (roster == null) {
                throw new IllegalStateException(
                        "No " + ROSTER + " on the classpath (fleet-tools copies it when built)");
            }
            return List.copyOf(yaml.readValue(roster, Roster.class).services());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the roster " + ROSTER, e);
        }
    }

    private static FleetService only(Kind kind) {
        List<FleetService> services =
                ALL.stream().filter(service -> service.kind == kind).toList();
        if (services.size() != 1) {
            throw new IllegalStateException(
                    "The roster " + ROSTER + " must list one service of kind " + kind + ", not " + services);
        }
        return services.getFirst();
    }
}
