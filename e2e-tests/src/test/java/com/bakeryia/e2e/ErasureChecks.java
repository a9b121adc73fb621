package com.bakeryia.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.e2e.RunningFleet.SeededTenant;
import com.bakeryia.tools.FleetApi;
import com.bakeryia.tools.FleetDatabase;
import com.bakeryia.tools.FleetService;
import com.bakeryia.tools.ReceiptVerifier;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What the fault scenarios check of an erasure, straight in PostgreSQL: the tenant's rows per service
 * and table counted before its DELETE, nothing of it left afterwards (in every schema and every table
 * with a {@code tenant_id}, the retained ones aside), and a signed receipt whose counts are exactly
 * those rows, whatever crashed on the way.
 */
final class ErasureChecks {

    /**
     * Tables that keep a tenant's id by design after its erasure: each schema's erasure fence and
     * erasure ledger ({@code tenant_erasure_*}) and tenant-service's {@link FleetDatabase#RETAINED_TABLES}.
     */
    static boolean isRetained(String table) {
        return table.startsWith("tenant_erasure_") || FleetDatabase.RETAINED_TABLES.contains(table);
    }

    private ErasureChecks() {}

    /** The tenant's rows per service ({@code service -> table -> rows}), in every tenant table of the 13 schemas, retained ones aside. */
    static Map<String, Map<String, Long>> rowsPerService(RunningFleet fleet, UUID tenant) {
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        for (FleetService service : FleetService.WITH_TENANT_DATA) {
            Map<String, Long> tables = new LinkedHashMap<>();
            fleet.database().inspector(service.schema()).rowCounts(tenant).forEach((table, rows) -> {
                if (!isRetained(table)) {
                    tables.put(table, rows);
                }
            });
            counts.put(service.name(), tables);
        }
        return counts;
    }

    /** The non-zero counts of {@link #rowsPerService}, as {@code schema.table -> rows}: what is left of the tenant. */
    static Map<String, Long> leftovers(RunningFleet fleet, UUID tenant) {
        Map<String, Long> left = new LinkedHashMap<>();
        rowsPerService(fleet, tenant)
                .forEach((service, tables) -> tables.forEach((table, rows) -> {
                    if (rows > 0) {
                        left.put(FleetService.named(service).schema() + "." + table, rows);
                    }
                }));
        return left;
    }

    /**
     * Sends the owner's DELETE and returns the job with the tenant's rows as they were before it: the
     * 12 domain schemas counted just before the DELETE, tenant-service's schema just after its 202
     * (the request itself writes the outbox row that the final step erases; nothing of tenant-service
     * is erased before every domain step has ended).
     */
    static StartedErasure delete(RunningFleet fleet, SeededTenant tenant) {
        Map<String, Map<String, Long>> before = rowsPerService(fleet, tenant.id());
        UUID job = fleet.api().deleteTenant(tenant.ownerToken(), tenant.id());
        Map<String, Long> tenantService = rowsPerService(fleet, tenant.id()).get(FleetService.TENANT.name());
        before.put(FleetService.TENANT.name(), tenantService);
        return new StartedErasure(job, before);
    }

    /**
     * The receipt's counts per service and table, after checking its signature with the receipt
     * keys its answer names ({@code jwks_uri}, the orchestrator's {@code /.well-known/receipt-jwks.json}).
     */
    static Map<String, Map<String, Long>> receiptCounts(RunningFleet fleet, UUID job) {
        FleetApi api = fleet.api();
        JsonNode receipt = api.receipt(fleet.tokens().ops(), job);
        var claims = ReceiptVerifier.verify(
                        receipt.path("receipt").asText(),
                        api.send(
                                        "GET",
                                        api.orchestratorUrl(
                                                receipt.path("jwks_uri").asText()),
                                        null,
                                        null)
                                .raw())
                .claims();
        assertThat(claims.get("job_id")).as("receipt's job").isEqualTo(job.toString());
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        ((Map<?, ?>) claims.get("services")).forEach((service, entry) -> {
            Map<String, Long> tables = new LinkedHashMap<>();
            ((Map<?, ?>) ((Map<?, ?>) entry).get("deleted_counts"))
                    .forEach((table, rows) -> tables.put((String) table, ((Number) rows).longValue()));
            counts.put((String) service, tables);
        });
        return counts;
    }

    /**
     * The job's end as a person would check it: nothing of the tenant left in PostgreSQL, a
     * tombstone, and a receipt whose counts per service and table are the rows counted before the
     * DELETE, exactly.
     */
    static void assertErasedAsCounted(RunningFleet fleet, SeededTenant tenant, StartedErasure erasure) {
        assertThat(leftovers(fleet, tenant.id()))
                .as("rows of tenant %s left after job %s", tenant.id(), erasure.job())
                .isEmpty();
        assertThat(fleet.database().isTombstoned(tenant.id())).as("tombstone").isTrue();
        Map<String, Map<String, Long>> receipt = receiptCounts(fleet, erasure.job());
        assertThat(receipt.keySet())
                .as("services in the receipt")
                .containsExactlyInAnyOrderElementsOf(erasure.before().keySet());
        erasure.before()
                .forEach((service, tables) -> assertThat(receipt.get(service))
                        .as("receipt's deleted_counts of %s against the rows counted before the DELETE", service)
                        .containsExactlyInAnyOrderEntriesOf(tables));
    }

    /**
     * Waits for the job to be {@code status} while processes or PostgreSQL may be down: an answer
     * that is not 200 or a refused connection is polled again; another final status fails at once.
     *
     * @param what names the wait in the failure (round and seed of a soak)
     */
    static JsonNode awaitStatusThroughFaults(
            RunningFleet fleet, UUID job, String status, Duration timeout, String what) {
        Instant deadline = Instant.now().plus(timeout);
        String ops = fleet.tokens().ops();
        String last = "no answer yet";
        while (true) {
            try {
                JsonNode node = fleet.api().jobIfKnown(ops, job);
                if (node != null) {
                    String now = node.path("status").asText();
                    if (now.equals(status)) {
                        return node;
                    }
                    if (FleetApi.isFinal(now)) {
                        throw new AssertionError(what + ": job " + job + " ended " + now + " instead of " + status
                                + ": " + node.toPrettyString());
                    }
                    last = node.toPrettyString();
                } else {
                    last = "unknown to the orchestrator";
                }
            } catch (UncheckedIOException | IllegalStateException e) {
                last = "no answer: " + e.getMessage();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(
                        what + ": job " + job + " not " + status + " within " + timeout + "; last state: " + last);
            }
            FleetApi.sleep(Duration.ofMillis(500));
        }
    }

    /** A job just requested, and the tenant's rows per service and table before it. */
    record StartedErasure(UUID job, Map<String, Map<String, Long>> before) {

        long totalBefore() {
            return before.values().stream()
                    .flatMap(tables -> tables.values().stream())
                    .mapToLong(Long::longValue)
                    .sum();
        }
    }
}
