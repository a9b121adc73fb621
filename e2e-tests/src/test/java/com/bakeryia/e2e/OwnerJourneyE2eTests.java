package com.bakeryia.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.e2e.RunningFleet.SeededTenant;
import com.bakeryia.tools.ApiResponse;
import com.bakeryia.tools.ExportVerifier;
import com.bakeryia.tools.ExportVerifier.VerifiedExport;
import com.bakeryia.tools.FleetApi;
import com.bakeryia.tools.FleetApi.BinaryResponse;
import com.bakeryia.tools.FleetService;
import com.bakeryia.tools.ReceiptVerifier;
import com.bakeryia.tools.ReceiptVerifier.VerifiedReceipt;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The owner's journey on the real jars, with tenant-service restarted on a grace period of 15 s and
 * a status retention of 30 s (the retention purge every 2 s): the DELETE schedules the erasure; an export taken
 * during the grace period verifies offline and holds exactly the tenant's rows as PostgreSQL had
 * them; a cancel makes the bakery active and writable again; a second DELETE completes once the
 * period has passed; the former owner reads the status and the receipt, until the retention ends.
 * And a legal hold keeps an erasure waiting past erase_at until it is lifted, both in the receipt.
 */
@ExtendWith(FleetExtension.class)
class OwnerJourneyE2eTests {

    private static final Duration GRACE = Duration.ofSeconds(15);
    private static final Duration RETENTION = Duration.ofSeconds(30);
    private static final Map<String, String> OWNER_SETTINGS = Map.of(
            "TENANT_DELETION_GRACEPERIOD", "PT15S",
            "TENANT_DELETION_STATUSRETENTION", "PT30S",
            "DELETION_RETENTION_PURGEINTERVAL", "2s",
            "DELETION_RETENTION_INITIALDELAY", "1s");
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeEach
    void tenantServiceWithAGracePeriod(RunningFleet fleet) {
        fleet.processes().down("tenant-service");
        fleet.withSettings(OWNER_SETTINGS).up("tenant-service");
    }

    @AfterEach
    void restoreTheUsualSettings(RunningFleet fleet) {
        fleet.processes().down("tenant-service");
        fleet.ensureAllUp();
    }

    @Test
    void scheduledExportedCancelledRequestedAgainCompletedReadAndForgotten(RunningFleet fleet) throws Exception {
        SeededTenant tenant = fleet.seedTenant(6_000);
        FleetApi api = fleet.api();
        String ops = fleet.tokens().ops();
        String status = api.tenantUrl("/api/v1/tenants/" + tenant.id() + "/deletion");

        JsonNode scheduled = requestErasure(fleet, tenant);
        // Read after the DELETE: the request itself marks the tenant pending and writes its outbox row.
        Map<String, List<String>> rowsBefore = rowsAsJson(fleet, tenant.id());
        assertThat(scheduled.path("status_url").asText()).isEqualTo("/api/v1/tenants/" + tenant.id() + "/deletion");
        assertThat(Duration.between(
                        Instant.parse(scheduled.path("requested_at").asText()),
                        Instant.parse(scheduled.path("erase_at").asText())))
                .isEqualTo(GRACE);
        JsonNode first = api.send("GET", status, tenant.ownerToken(), null).expect(200, "owner's status");
        assertThat(first.path("state").asText()).as(first.toPrettyString()).isEqualTo("scheduled");
        assertThat(first.path("can_cancel").asBoolean()).isTrue();

        // The export during the grace period: every row of the tenant, counts as the preview, signed.
        UUID admin = UUID.randomUUID();
        String adminToken = fleet.tokens().user(admin);
        assertThat(api.send("POST", api.tenantUrl("/api/v1/tenants/" + tenant.id() + "/exports"), adminToken, null)
                        .status())
                .as("a stranger (not even a member)")
                .isEqualTo(404);
        JsonNode export = api.send(
                        "POST", api.tenantUrl("/api/v1/tenants/" + tenant.id() + "/exports"), tenant.ownerToken(), null)
                .expect(202, "owner's export");
        BinaryResponse zip =
                api.download(api.tenantUrl(export.path("download_url").asText()), tenant.ownerToken());
        assertThat(zip.status())
                .as(new String(zip.body(), StandardCharsets.UTF_8))
                .isEqualTo(200);
        Map<String, byte[]> entries = unzip(zip.body());
        VerifiedExport exported = verifiedOffline(fleet, zip.body());
        assertThat(exported.tenantId()).isEqualTo(tenant.id());
        JsonNode preview = api.preview(ops, tenant.id());
        for (FleetService service : FleetService.WITH_TENANT_DATA) {
            JsonNode counted = preview.path("services").path(service.name()).path("counts");
            Map<String, Long> exportedCounts = exported.tables().get(service.name());
            assertThat(exportedCounts).as("%s in the manifest", service.name()).isNotNull();
            Map<String, Long> previewCounts = new LinkedHashMap<>();
            counted.fields()
                    .forEachRemaining(field ->
                            previewCounts.put(field.getKey(), field.getValue().asLong()));
            assertThat(exportedCounts)
                    .as("%s: the archive's counts are the preview's", service.name())
                    .containsExactlyInAnyOrderEntriesOf(previewCounts);
        }
        rowsBefore.forEach((table, rows) -> {
            String[] parts = table.split("\\.");
            String service = FleetService.WITH_TENANT_DATA.stream()
                    .filter(s -> s.schema().equals(parts[0]))
                    .findFirst()
                    .orElseThrow()
                    .name();
            byte[] entry = entries.get(service + "/" + parts[1] + ".ndjson");
            assertThat(entry).as("entry of %s", table).isNotNull();
            List<String> lines =
                    new String(entry, StandardCharsets.UTF_8).lines().toList();
            if (table.equals("tenant.tenant_exports")) {
                // The export's own record, in tenant-service's snapshot taken while its download ran.
                assertThat(lines)
                        .singleElement()
                        .asString()
                        .contains(export.path("export_id").asText(), "STARTED");
                return;
            }
            assertThat(withoutBookkeeping(lines))
                    .as("every row of %s as PostgreSQL had it, and nothing else", table)
                    .containsExactlyInAnyOrderElementsOf(withoutBookkeeping(rows));
        });

        // Cancel before erase_at: active and writable again.
        JsonNode cancelled = api.send(
                        "POST",
                        api.tenantUrl("/api/v1/tenants/" + tenant.id() + "/deletion/cancel"),
                        tenant.ownerToken(),
                        null)
                .expect(200, "owner's cancel");
        assertThat(cancelled.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(api.send("GET", status, tenant.ownerToken(), null)
                        .body()
                        .path("state")
                        .asText())
                .isEqualTo("cancelled");
        api.send(
                        "PUT",
                        api.tenantUrl("/api/v1/tenants/" + tenant.id() + "/settings"),
                        tenant.ownerToken(),
                        Map.of("time_zone", "Europe/Madrid", "currency", "EUR", "locale", "es"))
                .expect(200, "the bakery is writable again");
        FleetApi.sleep(GRACE.plusSeconds(3));
        assertThat(fleet.database().residue(tenant.id()))
                .as("nothing was erased")
                .isNotEmpty();

        // A second DELETE: erased once the period has passed.
        JsonNode second = requestErasure(fleet, tenant);
        UUID job = UUID.fromString(second.path("job_id").asText());
        JsonNode completed = api.awaitStatus(ops, job, "COMPLETED", GRACE.plus(Duration.ofMinutes(2)));
        assertThat(Instant.parse(completed.path("started_at").asText()))
                .as("not before erase_at")
                .isAfterOrEqualTo(Instant.parse(second.path("erase_at").asText()));
        assertThat(fleet.database().residue(tenant.id())).isEmpty();
        JsonNode done = awaitState(fleet, status, tenant.ownerToken(), "completed");
        JsonNode receipt = api.send(
                        "GET", api.tenantUrl(done.path("receipt_url").asText()), tenant.ownerToken(), null)
                .expect(200, "the former owner's receipt");
        VerifiedReceipt verified =
                ReceiptVerifier.verify(receipt.path("receipt").asText(), JSON.writeValueAsString(receipt.path("jwks")));
        assertThat(verified.claims().get("job_id")).isEqualTo(job.toString());
        assertThat(verified.claims().get("tenant_id")).isEqualTo(tenant.id().toString());

        // Once the retention has passed: 404 for both, and the record gone from PostgreSQL.
        Instant erasedAt = Instant.parse(done.path("erased_at").asText());
        FleetApi.sleep(Duration.between(Instant.now(), erasedAt.plus(RETENTION)).plusSeconds(2));
        assertThat(api.send("GET", status, tenant.ownerToken(), null).status()).isEqualTo(404);
        assertThat(api.send("GET", api.tenantUrl(done.path("receipt_url").asText()), tenant.ownerToken(), null)
                        .status())
                .isEqualTo(404);
        awaitNoRecord(fleet, tenant.id());
    }

    @Test
    void aLegalHoldKeepsTheErasureWaitingPastEraseAtUntilLiftedAndTheReceiptSaysSo(RunningFleet fleet) {
        SeededTenant tenant = fleet.seedTenant(1_200);
        FleetApi api = fleet.api();
        String ops = fleet.tokens().ops();
        String admin = fleet.tokens().user(UUID.randomUUID(), "deletion-admin");
        String hold = api.orchestratorUrl("/api/v1/tenants/" + tenant.id() + "/legal-hold");
        api.send("PUT", hold, admin, Map.of("reason", "court order", "reference", "case 2026/117"))
                .expect(201, "placing the hold");

        JsonNode requested = requestErasure(fleet, tenant);
        UUID job = UUID.fromString(requested.path("job_id").asText());
        Instant eraseAt = Instant.parse(requested.path("erase_at").asText());
        FleetApi.sleep(Duration.between(Instant.now(), eraseAt).plusSeconds(8));

        JsonNode waiting = api.job(ops, job);
        assertThat(waiting.path("status").asText()).as(waiting.toPrettyString()).isEqualTo("PENDING");
        assertThat(waiting.path("on_hold").asBoolean()).isTrue();
        JsonNode owner = api.send(
                        "GET", api.tenantUrl("/api/v1/tenants/" + tenant.id() + "/deletion"), tenant.ownerToken(), null)
                .expect(200, "owner's status");
        assertThat(owner.path("state").asText()).isEqualTo("on_hold");
        assertThat(fleet.database().residue(tenant.id()))
                .as("nothing erased while held")
                .isNotEmpty();

        String lift = UriComponentsBuilder.fromUriString(hold)
                .queryParam("reason", "order lifted")
                .toUriString();
        api.send("DELETE", lift, admin, null).expect(200, "lifting the hold");
        api.awaitStatus(ops, job, "COMPLETED", Duration.ofMinutes(2));

        JsonNode holds = receiptClaims(fleet, ops, job).path("legal_holds");
        assertThat(holds.size()).as(holds.toPrettyString()).isEqualTo(1);
        assertThat(holds.get(0).path("reason").asText()).isEqualTo("court order");
        assertThat(holds.get(0).path("reference").asText()).isEqualTo("case 2026/117");
        assertThat(holds.get(0).path("lift_reason").asText()).isEqualTo("order lifted");
        assertThat(fleet.database().residue(tenant.id())).isEmpty();
    }

    private static JsonNode requestErasure(RunningFleet fleet, SeededTenant tenant) {
        String fresh = fleet.tokens().userSignedInAt(tenant.owner(), Instant.now());
        ApiResponse answer = fleet.api().requestDeletion(fresh, tenant.id());
        assertThat(answer.headers().firstValue("Location")).hasValue("/api/v1/tenants/" + tenant.id() + "/deletion");
        return answer.expect(202, "owner's DELETE");
    }

    private static JsonNode receiptClaims(RunningFleet fleet, String ops, UUID job) {
        String jwks = fleet.api()
                .send("GET", fleet.api().orchestratorUrl("/.well-known/receipt-jwks.json"), null, null)
                .expect(200, "receipt keys")
                .toString();
        VerifiedReceipt verified = ReceiptVerifier.verify(
                fleet.api().receipt(ops, job).path("receipt").asText(), jwks);
        return JSON.valueToTree(verified.claims());
    }

    private static JsonNode awaitState(RunningFleet fleet, String status, String token, String state) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            last = fleet.api().send("GET", status, token, null).body();
            if (state.equals(last.path("state").asText())) {
                return last;
            }
            FleetApi.sleep(Duration.ofMillis(300));
        }
        throw new AssertionError("status never " + state + "; last " + last);
    }

    private static void awaitNoRecord(RunningFleet fleet, UUID tenant) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        long records = -1;
        while (Instant.now().isBefore(deadline)) {
            records = fleet.database()
                    .jdbc()
                    .sql("SELECT count(*) FROM tenant.tenant_deletion_requests WHERE tenant_id = ?")
                    .param(tenant)
                    .query(Long.class)
                    .single();
            if (records == 0) {
                return;
            }
            FleetApi.sleep(Duration.ofMillis(500));
        }
        throw new AssertionError(records + " request records of tenant " + tenant + " left after the retention");
    }

    /**
     * The rows as JSON objects, without tenant-service's reconciler bookkeeping of a pending tenant
     * (when it last read the job, and the status it read), which changes every few seconds while
     * the erasure is scheduled, between the read here and the export's snapshot.
     */
    private static List<JsonNode> withoutBookkeeping(List<String> rows) {
        List<JsonNode> objects = new ArrayList<>();
        for (String row : rows) {
            try {
                com.fasterxml.jackson.databind.node.ObjectNode object =
                        (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(row);
                object.remove(List.of("deletion_checked_at", "deletion_job_status"));
                objects.add(object);
            } catch (IOException e) {
                throw new UncheckedIOException("not a JSON row: " + row, e);
            }
        }
        return objects;
    }

    /** Every row of the tenant in every erased table, as {@code row_to_json} text, per {@code schema.table}. */
    private static Map<String, List<String>> rowsAsJson(RunningFleet fleet, UUID tenant) {
        Map<String, List<String>> rows = new HashMap<>();
        for (FleetService service : FleetService.WITH_TENANT_DATA) {
            for (String table : fleet.database().inspector(service.schema()).tenantTables()) {
                if (ErasureChecks.isRetained(table)) {
                    continue;
                }
                rows.put(
                        service.schema() + "." + table,
                        new ArrayList<>(fleet.database()
                                .jdbc()
                                .sql("SELECT row_to_json(t)::text FROM \"" + service.schema() + "\".\"" + table
                                        + "\" t WHERE t.tenant_id = ?")
                                .param(tenant)
                                .query(String.class)
                                .list()));
            }
        }
        return rows;
    }

    /** The archive checked as its owner would, offline: scripts/verify-export's checks (ExportVerifier). */
    private static VerifiedExport verifiedOffline(RunningFleet fleet, byte[] archive) throws IOException {
        String jwks = fleet.api()
                .send("GET", fleet.api().orchestratorUrl("/.well-known/receipt-jwks.json"), null, null)
                .expect(200, "receipt keys")
                .toString();
        Path file = Files.createTempFile("tenant-export", ".zip");
        try {
            Files.write(file, archive);
            return ExportVerifier.verify(file, jwks);
        } finally {
            Files.delete(file);
        }
    }

    private static Map<String, byte[]> unzip(byte[] archive) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                entries.put(entry.getName(), zip.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }
}
