package com.bakeryia.tools;

import com.bakeryia.deletion.api.ExternalDataUsage;
import com.bakeryia.tools.ReceiptVerifier.VerifiedReceipt;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The main job in one run, behind {@code scripts/demo}: three bakeries, the aggregated preview of
 * the big one, its owner's DELETE followed live, the per-service result, the two others checked
 * untouched directly in PostgreSQL, and the receipt verified against the orchestrator's keys.
 * Exits non-zero when anything does not hold.
 */
public final class Demo {

    /** A service's data outside PostgreSQL in its preview, per place, as deletion-api types it. */
    private static final TypeReference<Map<String, ExternalDataUsage>> EXTERNAL_DATA = new TypeReference<>() {};

    private final FleetSettings settings;
    private final FleetApi api;
    private final Tokens tokens;
    private final FleetDatabase database;

    private Demo(FleetSettings settings, FleetDatabase database) {
        this.settings = settings;
        this.api = new FleetApi(settings);
        this.tokens = new Tokens(settings);
        this.database = database;
    }

    public static void main(String[] args) {
        long rows = 100_000;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--rows") && i + 1 < args.length) {
                rows = Long.parseLong(args[++i]);
            } else {
                System.err.println("usage: Demo [--rows N]");
                System.exit(2);
            }
        }
        FleetSettings settings = FleetSettings.fromEnvironment();
        try (var database = new FleetDatabase(settings, 4)) {
            new Demo(settings, database).run(rows);
        } catch (RuntimeException e) {
            System.err.println();
            System.err.println("DEMO FAILED: " + e.getMessage());
            System.exit(1);
        }
    }

    private void run(long bigRows) {
        var seeder = new TenantSeeder(database, settings, 2);
        String ops = tokens.ops();

        heading("1. Three bakeries, each created by its owner through tenant-service");
        UUID bigOwner = UUID.randomUUID();
        List<Bakery> bakeries = List.of(
                new Bakery("Panaderia Sol", bigOwner, bigRows),
                new Bakery("Horno del Norte", UUID.randomUUID(), 5_000),
                new Bakery("Pasteleria Luna", UUID.randomUUID(), 5_000));
        Map<String, UUID> ids = new HashMap<>();
        for (Bakery bakery : bakeries) {
            long started = System.nanoTime();
            UUID tenant = api.createTenant(tokens.user(bakery.owner()), bakery.name());
            seeder.seed(tenant, bakery.rows(), 42);
            ids.put(bakery.name(), tenant);
            System.out.printf(
                    "   %-16s tenant %s  owner %s  %,9d rows, %,d files  (%.1f s)%n",
                    bakery.name(),
                    tenant,
                    bakery.owner(),
                    bakery.rows(),
                    database.artifactFiles(tenant),
                    seconds(started));
        }
        UUID big = ids.get("Panaderia Sol");
        Map<UUID, Map<String, String>> before = new HashMap<>();
        for (Bakery bakery : bakeries.subList(1, 3)) {
            UUID tenant = ids.get(bakery.name());
            before.put(tenant, database.checksums(tenant));
        }

        heading(
                "2. Aggregated deletion preview of Panaderia Sol (GET orchestrator /api/v1/tenants/{id}/deletion-preview)");
        JsonNode preview = api.preview(ops, big);
        System.out.printf("   %-26s %-12s %10s%n", "service", "status", "rows");
        for (Map.Entry<String, JsonNode> entry : preview.path("services").properties()) {
            JsonNode service = entry.getValue();
            String external = service.path("external").isEmpty() ? "" : "  + " + external(service.path("external"));
            System.out.printf(
                    "   %-26s %-12s %,10d%s%n",
                    entry.getKey(),
                    service.path("status").asText(),
                    service.path("total").asLong(),
                    external);
        }
        System.out.printf(
                "   %-26s %-12s %,10d%n",
                "total",
                preview.path("partial").asBoolean() ? "PARTIAL" : "",
                preview.path("total").asLong());

        heading("3. The owner asks for erasure: DELETE tenant-service /api/v1/tenants/" + big);
        System.out.println("   with a token of a fresh sign-in (auth_time now): erasing is irreversible, so"
                + " tenant-service asks for a sign-in of the last 5 minutes (RFC 9470 step-up)");
        JsonNode scheduled = api.requestDeletion(tokens.user(bigOwner), big).expect(202, "owner's DELETE");
        Duration grace = Duration.between(
                Instant.parse(scheduled.path("requested_at").asText()),
                Instant.parse(scheduled.path("erase_at").asText()));
        System.out.printf(
                "   202 Accepted: erase_at %s, a grace period of %s (scripts/demo sets TENANT_DELETION_GRACEPERIOD=%s;"
                        + " P7D by default)%n",
                scheduled.path("erase_at").asText(), grace, grace);
        String statusUrl = api.tenantUrl(scheduled.path("status_url").asText());
        JsonNode status =
                api.send("GET", statusUrl, tokens.user(bigOwner), null).expect(200, "owner's status");
        System.out.printf(
                "   the owner's status (GET %s): %s, can_cancel %s%n",
                scheduled.path("status_url").asText(),
                status.path("state").asText(),
                status.path("can_cancel").asBoolean());

        heading("4. During the grace period the owner takes the data along: one ZIP, signed");
        JsonNode export = api.send(
                        "POST", api.tenantUrl("/api/v1/tenants/" + big + "/exports"), tokens.user(bigOwner), null)
                .expect(202, "owner's export");
        long exportStarted = System.nanoTime();
        FleetApi.BinaryResponse zip =
                api.download(api.tenantUrl(export.path("download_url").asText()), tokens.user(bigOwner));
        if (zip.status() != 200) {
            throw new IllegalStateException("export download answered " + zip.status() + ": "
                    + new String(zip.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
        java.nio.file.Path saved = settings.fleetHome().resolve("demo").resolve("export-" + big + ".zip");
        java.nio.file.Path keys = settings.fleetHome().resolve("demo").resolve("receipt-jwks.json");
        try {
            java.nio.file.Files.createDirectories(saved.getParent());
            java.nio.file.Files.write(saved, zip.body());
            java.nio.file.Files.writeString(
                    keys,
                    api.send("GET", api.orchestratorUrl("/.well-known/receipt-jwks.json"), null, null)
                            .expect(200, "receipt keys")
                            .toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        System.out.printf(
                "   POST /api/v1/tenants/%s/exports, then GET its download_url: %,d bytes in %.1f s, saved to %s%n",
                big, zip.body().length, seconds(exportStarted), saved);
        // A fresh preview: the DELETE and the export request itself added rows to tenant-service's schema.
        printExport(saved, keys, api.preview(ops, big));

        heading("5. ... and changes their mind: POST /api/v1/tenants/" + big + "/deletion/cancel");
        JsonNode cancelled = api.send(
                        "POST",
                        api.tenantUrl("/api/v1/tenants/" + big + "/deletion/cancel"),
                        tokens.user(bigOwner),
                        null)
                .expect(200, "owner's cancel");
        System.out.printf(
                "   200: the bakery is %s again; the owner's status: %s; nothing was erased (%,d rows)%n",
                cancelled.path("status").asText(),
                api.send("GET", statusUrl, tokens.user(bigOwner), null)
                        .body()
                        .path("state")
                        .asText(),
                database.rowCounts(big).values().stream()
                        .mapToLong(Long::longValue)
                        .sum());

        heading("6. The owner asks again; once the grace period has passed, the erasure begins");
        String bigOwnerToken = tokens.user(bigOwner);
        long requested = System.nanoTime();
        JsonNode accepted = api.requestDeletion(bigOwnerToken, big).expect(202, "owner's DELETE");
        UUID job = UUID.fromString(accepted.path("job_id").asText());
        System.out.printf(
                "   202 Accepted: job %s, erase_at %s; waiting %s ...%n",
                job, accepted.path("erase_at").asText(), grace);

        heading("7. Following the job live");
        Map<String, String> seen = new HashMap<>();
        JsonNode done = api.awaitFinal(
                ops, job, Duration.ofMinutes(10), Duration.ofMillis(200), node -> printChanges(node, seen, requested));
        if (!done.path("status").asText().equals("COMPLETED")) {
            throw new IllegalStateException("job " + job + " ended "
                    + done.path("status").asText() + ": " + done.path("error").asText());
        }
        System.out.printf(
                "   COMPLETED %.1f s after the DELETE (of which %s grace period)%n", seconds(requested), grace);

        heading("8. What each service erased");
        System.out.printf("   %-26s %10s %10s %9s %9s%n", "service", "rows", "ms", "attempts", "verified");
        for (JsonNode step : done.path("steps")) {
            System.out.printf(
                    "   %-26s %,10d %,10d %9d %9s%n",
                    step.path("service_name").asText(),
                    sum(step.path("deleted_counts")),
                    step.path("duration_ms").asLong(),
                    step.path("attempts").asInt(),
                    step.path("verified").asBoolean() ? "yes" : "NO");
        }
        System.out.printf(
                "   %-26s %,10d%n", "total", done.path("total_deleted").asLong());

        heading("9. Checked directly in PostgreSQL and on disk, not through the services");
        Map<String, Long> counts = database.rowCounts(big);
        long left = counts.values().stream().mapToLong(Long::longValue).sum();
        long files = database.artifactFiles(big);
        boolean tombstoned = database.isTombstoned(big);
        System.out.printf(
                "   Panaderia Sol: %d rows left in %d tables of %d schemas, %d artifact files, tombstone %s%n",
                left, counts.size(), FleetService.WITH_TENANT_DATA.size(), files, tombstoned ? "written" : "MISSING");
        if (left > 0 || files > 0 || !tombstoned) {
            throw new IllegalStateException("residue of the erased tenant: " + database.residue(big) + ", files "
                    + files + ", tombstone " + tombstoned);
        }
        for (Bakery bakery : bakeries.subList(1, 3)) {
            UUID tenant = ids.get(bakery.name());
            Map<String, String> after = database.checksums(tenant);
            boolean same = after.equals(before.get(tenant));
            System.out.printf(
                    "   %-16s %d tables, checksums %s, %,d rows%n",
                    bakery.name(),
                    after.size(),
                    same ? "identical" : "CHANGED",
                    database.rowCounts(tenant).values().stream()
                            .mapToLong(Long::longValue)
                            .sum());
            if (!same) {
                throw new IllegalStateException(bakery.name() + " was touched by the erasure of another tenant");
            }
        }

        heading("10. The former owner's status and receipt (tenant-service), the receipt verified offline");
        JsonNode completed = api.send("GET", statusUrl, bigOwnerToken, null).expect(200, "owner's status");
        System.out.printf(
                "   GET %s: %s, erased_at %s, readable until %s (tenant.deletion.status-retention, P90D)%n",
                scheduled.path("status_url").asText(),
                completed.path("state").asText(),
                completed.path("erased_at").asText(),
                completed.path("available_until").asText());
        JsonNode receipt = api.send(
                        "GET", api.tenantUrl(completed.path("receipt_url").asText()), bigOwnerToken, null)
                .expect(200, "owner's receipt");
        String jwksUri = completed.path("receipt_url").asText() + " (jwks)";
        String jwks = receipt.path("jwks").toString();
        VerifiedReceipt verified =
                ReceiptVerifier.verify(receipt.path("receipt").asText(), jwks);
        String compact = receipt.path("receipt").asText();
        System.out.println("   " + compact.substring(0, Math.min(compact.length(), 96)) + "... (" + compact.length()
                + " characters)");
        Map<String, Object> claims = verified.claims();
        System.out.printf("   signature: ES256, verified with key %s of %s%n", verified.keyId(), jwksUri);
        System.out.printf(
                "   claims: tenant_id %s, job_id %s, status %s, verified %s, total_deleted %s, %d services%n",
                claims.get("tenant_id"),
                claims.get("job_id"),
                claims.get("status"),
                claims.get("verified"),
                claims.get("total_deleted"),
                ((Map<?, ?>) claims.get("services")).size());
        System.out.printf("   audit chain: %s%n", claims.get("audit"));
        if (!big.toString().equals(claims.get("tenant_id")) || !Boolean.TRUE.equals(claims.get("verified"))) {
            throw new IllegalStateException("the receipt does not state the verified erasure of " + big);
        }
        System.out.println();
        System.out.println("Demo passed: Panaderia Sol was scheduled, exported, cancelled, requested again and erased,"
                + " provably; the other bakeries are untouched.");
    }

    /** Prints what the export holds, after checking its manifest's signature and the counts against the preview. */
    private static void printExport(java.nio.file.Path zip, java.nio.file.Path jwks, JsonNode preview) {
        ExportVerifier.VerifiedExport verified;
        try {
            verified = ExportVerifier.verify(zip, java.nio.file.Files.readString(jwks));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        System.out.printf(
                "   manifest.jws: ES256, verified with receipt key %s; %d entries, every SHA-256 and row count checked%n",
                verified.keyId(), verified.entries());
        for (Map.Entry<String, JsonNode> service : preview.path("services").properties()) {
            long previewed = service.getValue().path("total").asLong();
            long exported = verified.tables().getOrDefault(service.getKey(), Map.of()).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
            if (previewed != exported) {
                throw new IllegalStateException(service.getKey() + ": the export holds " + exported
                        + " rows, the preview counted " + previewed);
            }
        }
        System.out.printf(
                "   %,d rows in %d services, as many as the preview counted; check it yourself: scripts/verify-export %s %s%n",
                verified.totalRows(), verified.services().size(), zip, jwks);
    }

    private static void printChanges(JsonNode job, Map<String, String> seen, long requested) {
        String status = job.path("status").asText();
        boolean jobChanged = !status.equals(seen.put("job", status));
        if (jobChanged && !FleetApi.isFinal(status)) {
            System.out.printf("   %+6.1fs  job %s%n", seconds(requested), status);
        }
        for (JsonNode step : job.path("steps")) {
            String service = step.path("service_name").asText();
            String stepStatus =
                    step.path("status").asText() + "/" + step.path("attempts").asInt();
            if (stepStatus.equals(seen.put(service, stepStatus))
                    || step.path("status").asText().equals("PENDING")) {
                continue;
            }
            String detail = switch (step.path("status").asText()) {
                case "SUCCEEDED" ->
                    String.format(
                            "%,9d rows  %,6d ms  %s",
                            sum(step.path("deleted_counts")),
                            step.path("duration_ms").asLong(),
                            step.path("verified").asBoolean() ? "verified" : "NOT VERIFIED");
                case "FAILED" -> step.path("errors").toString();
                default ->
                    step.path("attempts").asInt() > 1
                            ? "attempt " + step.path("attempts").asInt()
                            : "";
            };
            System.out.printf(
                    "   %+6.1fs    %-26s %-11s %s%n",
                    seconds(requested), service, step.path("status").asText(), detail);
        }
        if (jobChanged && FleetApi.isFinal(status)) {
            System.out.printf("   %+6.1fs  job %s%n", seconds(requested), status);
        }
    }

    private String external(JsonNode external) {
        var text = new StringBuilder();
        api.json()
                .convertValue(external, EXTERNAL_DATA)
                .forEach((place, usage) -> text.append(usage.items())
                        .append(' ')
                        .append(place)
                        .append(" (")
                        .append(usage.bytes() / 1024)
                        .append(" KiB)"));
        return text.toString();
    }

    private static long sum(JsonNode counts) {
        long total = 0;
        for (JsonNode count : counts) {
            total += count.asLong();
        }
        return total;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void heading(String text) {
        System.out.println();
        System.out.println(text);
    }

    private record Bakery(String name, UUID owner, long rows) {}
}
