package com.bakeryia.tools;

import java.util.Map;
import java.util.UUID;

/**
 * {@code scripts/seed-tenant}: creates a tenant through tenant-service's API (its owner's token
 * signed with the dev key) and fills the domain schemas and training's artifact files for it.
 */
public final class SeedTenant {

    private static final String USAGE = "usage: scripts/seed-tenant --rows N [--owner uuid] [--name text] [--seed n]";

    public static void main(String[] args) {
        long rows = -1;
        UUID owner = UUID.randomUUID();
        String name = null;
        long seed = 42;
        try {
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--rows" -> rows = Long.parseLong(required(value, "--rows"));
                    case "--owner" -> owner = UUID.fromString(required(value, "--owner"));
                    case "--name" -> name = required(value, "--name");
                    case "--seed" -> seed = Long.parseLong(required(value, "--seed"));
                    case "-h", "--help" -> {
                        System.out.println(USAGE);
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
                i++;
            }
            if (rows < 0) {
                throw new IllegalArgumentException("--rows is required (a number of rows, 0 or more)");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("seed-tenant: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }

        FleetSettings settings = FleetSettings.fromEnvironment();
        var tokens = new Tokens(settings);
        var api = new FleetApi(settings);
        try (var database = new FleetDatabase(settings, 3)) {
            long started = System.nanoTime();
            String tenantName = name != null ? name : "Bakery " + Long.toString(System.currentTimeMillis(), 36);
            UUID tenant = api.createTenant(tokens.user(owner), tenantName);
            Map<String, Long> written = new TenantSeeder(database, settings, 2).seed(tenant, rows, seed);
            long total = written.values().stream().mapToLong(Long::longValue).sum();
            written.forEach((service, count) -> System.err.printf("  %-26s %,10d rows%n", service, count));
            System.err.printf(
                    "seeded tenant %s (\"%s\", owner %s): %,d rows, %,d artifact files in %.1f s%n",
                    tenant,
                    tenantName,
                    owner,
                    total,
                    database.artifactFiles(tenant),
                    (System.nanoTime() - started) / 1e9);
            // stdout carries only the ids, for scripts: TENANT=... OWNER=...
            System.out.println("TENANT=" + tenant + " OWNER=" + owner);
        } catch (RuntimeException e) {
            System.err.println("seed-tenant: " + e.getMessage());
            System.exit(1);
        }
    }

    private static String required(String value, String option) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }
}
