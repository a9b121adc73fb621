package com.bakeryia.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bakeryia.deletion.TenantDataDeletionListener;
import com.bakeryia.deletion.TenantDataDeletionService;
import com.bakeryia.deletion.TenantDataSchema;
import com.bakeryia.deletion.TenantErasureFence;
import com.bakeryia.deletion.api.DeletionEndpoints;
import com.bakeryia.fleet.token.ServiceTokenScopes;
import com.bakeryia.testkit.contract.RejectedToken;
import com.bakeryia.testkit.postgres.FreshDatabaseContextInitializer;
import com.bakeryia.testkit.token.TestTokenAuthority;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.util.UriTemplate;

/**
 * The export endpoint over real HTTP on a schema migrated by Flyway (a second migration adds a table
 * that no code names): what the archive holds, byte for byte against PostgreSQL's own {@code
 * row_to_json}; its snapshot; its refusals; and a failure after the first bytes.
 */
@SpringBootTest(
        classes = TenantDataExportIntegrationTests.VaultApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.application.name=vault-service",
            "spring.flyway.locations=classpath:engine/export",
            "spring.flyway.schemas=vault",
            "deletion.export.max-concurrent=1",
            "deletion.busy-retry-after=9s",
            // Sessions in another zone than UTC: the archive's timestamps must still be in UTC.
            "spring.datasource.hikari.connection-init-sql=SET TimeZone = 'Asia/Kolkata'"
        })
@ContextConfiguration(initializers = FreshDatabaseContextInitializer.class)
@ExtendWith(OutputCaptureExtension.class)
class TenantDataExportIntegrationTests {

    private static final String SERVICE = "vault-service";
    private static final TestTokenAuthority ORCHESTRATOR = TestTokenAuthority.start("orchestrator-service");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROBLEM_JSON = "application/problem+json";

    /** Called by the service's listener after each table an export wrote, on the export's thread. */
    private static volatile BiConsumer<UUID, String> afterTable = (tenant, table) -> {};

    @LocalServerPort
    private int port;

    @Autowired
    private DataSource dataSource;

    @Autowired
    private TenantDataDeletionService service;

    @Autowired
    private MeterRegistry meters;

    @DynamicPropertySource
    static void trustTheTestOrchestrator(DynamicPropertyRegistry registry) {
        ORCHESTRATOR.trustProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    @AfterEach
    void removeTheHook() {
        afterTable = (tenant, table) -> {};
    }

    @Test
    void exportsExactlyTheTenantsRowsOfTheErasedTablesParentsFirstWithTheManifestLast() throws Exception {
        UUID tenant = seed(7);
        UUID neighbour = seed(5);
        jdbc().update("INSERT INTO vault.invoices VALUES (?, ?, 12.50)", UUID.randomUUID(), tenant);

        HttpResponse<byte[]> response = export(tenant, exportToken(tenant));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/zip");
        assertThat(response.headers().firstValue("Content-Disposition"))
                .hasValueSatisfying(value -> assertThat(value).contains(SERVICE + "-" + tenant + ".zip"));
        Map<String, byte[]> entries = entries(response.body());
        List<String> parentsFirst =
                new ArrayList<>(service.plan().deletionOrder().reversed());
        assertThat(parentsFirst).contains("reminders").doesNotContain("regions", "invoices");
        List<String> expected = new ArrayList<>();
        parentsFirst.forEach(table -> expected.add(table + ".ndjson"));
        expected.add("export.json");
        assertThat(entries.keySet()).containsExactlyElementsOf(expected);
        for (String table : parentsFirst) {
            String ndjson = new String(entries.get(table + ".ndjson"), StandardCharsets.UTF_8);
            assertThat(ndjson).as(table).endsWith("\n");
            List<String> lines = Arrays.asList(ndjson.split("\n"));
            assertThat(lines).as(table).containsExactlyInAnyOrderElementsOf(rowsAsJson(table, tenant));
            for (String line : lines) {
                JsonNode row = JSON.readTree(line);
                assertThat(row.path("tenant_id").asText()).as(table).isEqualTo(tenant.toString());
            }
            assertThat(ndjson).as(table).doesNotContain(neighbour.toString()).doesNotContain("system: ");
        }
        JsonNode manifest = JSON.readTree(entries.get("export.json"));
        assertThat(fieldNames(manifest))
                .containsExactly("service", "schema", "tenant_id", "snapshot_at", "format", "tables", "files");
        assertThat(manifest.path("service").asText()).isEqualTo(SERVICE);
        assertThat(manifest.path("schema").asText()).isEqualTo("vault");
        assertThat(manifest.path("tenant_id").asText()).isEqualTo(tenant.toString());
        assertThat(manifest.path("format").asText()).isEqualTo("ndjson");
        assertThat(Instant.parse(manifest.path("snapshot_at").asText())).isBefore(Instant.now());
        assertThat(fieldNames(manifest.path("tables"))).containsExactlyElementsOf(parentsFirst);
        assertThat(counts(manifest.path("tables")))
                .as("the preview's counts")
                .isEqualTo(new LinkedHashMap<>(service.preview(tenant).counts()));
        assertThat(manifest.path("tables").path("reminders").asLong()).isEqualTo(7);
        assertThat(manifest.path("files").isObject() && manifest.path("files").isEmpty())
                .isTrue();
    }

    @Test
    void writesEachRowAsPostgresqlsRowToJsonTextUnchanged() throws Exception {
        UUID tenant = UUID.randomUUID();
        UUID account = UUID.randomUUID();
        jdbc().update("INSERT INTO vault.accounts VALUES (?, ?, ?, NULL)", account, tenant, "Cañada \"Real\" ☕");
        String note = "back\\slash \"quoted\" new\nline tab\tend \r\n unicode ñ€😀 \u0001\u0002 \\.\\N,;|";
        jdbc().update("""
                INSERT INTO vault.entries VALUES (?, ?, ?, '5b0c2f00-0000-4000-8000-0000000000c1', ?, 12345.678,
                    -1.5e-300, '{"k": "v\\\\\\"", "n": null, "list": [1, "\\u00e9"]}', '\\x00ff5c0a22'::bytea,
                    '2024-02-29 23:59:59.123456+05:30', '0001-01-01', ARRAY['a"b', 'c\\d', NULL], true)
                """, UUID.randomUUID(), tenant, account, note);
        jdbc().update(
                        "INSERT INTO vault.entries (id, tenant_id, account_id) VALUES (?, ?, ?)",
                        UUID.randomUUID(),
                        tenant,
                        account);

        Map<String, byte[]> entries =
                entries(export(tenant, exportToken(tenant)).body());

        String ndjson = new String(entries.get("entries.ndjson"), StandardCharsets.UTF_8);
        assertThat(Arrays.asList(ndjson.split("\n")))
                .containsExactlyInAnyOrderElementsOf(rowsAsJson("entries", tenant));
        JsonNode full = null;
        for (String line : ndjson.split("\n")) {
            JsonNode row = JSON.readTree(line);
            if (!row.path("note").isNull()) {
                full = row;
            } else {
                assertThat(row.path("payload").isNull()).isTrue();
                assertThat(row.has("raw")).isTrue();
            }
        }
        assertThat(full).isNotNull();
        assertThat(full.path("note").asText()).isEqualTo(note);
        assertThat(full.path("raw").asText()).isEqualTo("\\x00ff5c0a22");
        assertThat(full.path("payload").path("k").asText()).isEqualTo("v\\\"");
        assertThat(full.path("payload").path("n").isNull()).isTrue();
        assertThat(full.path("payload").path("list").path(1).asText()).isEqualTo("é");
        assertThat(full.path("amount").decimalValue()).isEqualByComparingTo("12345.678");
        assertThat(full.path("happened_at").asText()).isEqualTo("2024-02-29T18:29:59.123456+00:00");
        assertThat(full.path("tags").path(0).asText()).isEqualTo("a\"b");
        assertThat(full.path("tags").path(1).asText()).isEqualTo("c\\d");
        assertThat(full.path("tags").path(2).isNull()).isTrue();
        assertThat(full.path("settled").asBoolean()).isTrue();
        assertThat(new String(entries.get("accounts.ndjson"), StandardCharsets.UTF_8))
                .isEqualTo(rowsAsJson("accounts", tenant).getFirst() + "\n");
    }

    @Test
    void exportsEmptyEntriesForATenantWithoutData() throws Exception {
        seed(3);
        UUID unknown = UUID.randomUUID();

        HttpResponse<byte[]> response = export(unknown, exportToken(unknown));

        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, byte[]> entries = entries(response.body());
        assertThat(entries).hasSize(service.plan().deletionOrder().size() + 1);
        service.plan()
                .deletionOrder()
                .forEach(table ->
                        assertThat(entries.get(table + ".ndjson")).as(table).isEmpty());
        JsonNode manifest = JSON.readTree(entries.get("export.json"));
        assertThat(counts(manifest.path("tables")).values()).containsOnly(0L);
    }

    @Test
    void aRowCommittedWhileTheExportRunsIsNotInItAndTheCountsStayThoseOfItsSnapshot() throws Exception {
        UUID tenant = seed(4);
        Map<String, Long> before = new LinkedHashMap<>(service.preview(tenant).counts());
        List<String> parentsFirst = service.plan().deletionOrder().reversed();
        // After the first (parent) table, another transaction commits a new parent row and a child of it
        // in a table the export has not read yet: neither may appear.
        afterTable = (exported, table) -> {
            if (table.equals(parentsFirst.getFirst())) {
                UUID account = UUID.randomUUID();
                jdbc().update("INSERT INTO vault.accounts VALUES (?, ?, 'late', NULL)", account, tenant);
                jdbc().update(
                                "INSERT INTO vault.reminders VALUES (?, ?, ?, current_date)",
                                UUID.randomUUID(),
                                tenant,
                                account);
            }
        };

        Map<String, byte[]> entries =
                entries(export(tenant, exportToken(tenant)).body());

        assertThat(counts(JSON.readTree(entries.get("export.json")).path("tables")))
                .isEqualTo(before);
        assertThat(new String(entries.get("reminders.ndjson"), StandardCharsets.UTF_8).split("\n"))
                .hasSize(4);
        assertThat(new String(entries.get("accounts.ndjson"), StandardCharsets.UTF_8))
                .doesNotContain("late");
        assertThat(service.preview(tenant).counts())
                .as("committed meanwhile")
                .containsEntry("accounts", 5L)
                .containsEntry("reminders", 5L);
    }

    @Test
    void refusesAFencedTenantWith409BeforeAnyByteOfTheArchive() throws Exception {
        UUID tenant = seed(2);
        jdbc().update("INSERT INTO vault." + TenantErasureFence.TABLE + " (tenant_id) VALUES (?)", tenant);

        HttpResponse<byte[]> response = export(tenant, exportToken(tenant));

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith(PROBLEM_JSON));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("type").asText()).isEqualTo("urn:bakery-ia:problem:tenant-erasure-begun");
        assertThat(problem.path("status").asInt()).isEqualTo(409);
        assertThat(problem.path("detail").asText()).contains(tenant.toString());
    }

    @Test
    void anExportBeyondTheLimitIsAnswered503WithRetryAfterAtOnce() throws Exception {
        UUID held = seed(2);
        UUID refused = seed(2);
        var holding = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        afterTable = (tenant, table) -> {
            if (tenant.equals(held)) {
                holding.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        try (var executor = Executors.newSingleThreadExecutor()) {
            Future<HttpResponse<byte[]>> first = executor.submit(() -> export(held, exportToken(held)));
            assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();

            HttpResponse<byte[]> busy = export(refused, exportToken(refused));

            release.countDown();
            assertThat(busy.statusCode()).isEqualTo(503);
            assertThat(busy.headers().firstValue("Retry-After")).hasValue("9");
            JsonNode problem = JSON.readTree(busy.body());
            assertThat(problem.path("type").asText()).isEqualTo("urn:bakery-ia:problem:export-capacity-exhausted");
            assertThat(problem.path("detail").asText()).contains("deletion.export.max-concurrent");
            assertThat(first.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        assertThat(export(refused, exportToken(refused)).statusCode()).isEqualTo(200);
    }

    @Test
    void aDatabaseFailureAfterTheFirstBytesCutsTheResponseShortAndLogsTheTenantAndTable(CapturedOutput output)
            throws Exception {
        UUID tenant = seed(3);
        List<String> parentsFirst = service.plan().deletionOrder().reversed();
        String failing = parentsFirst.get(1);
        double failuresBefore = exportTimerCount("failure");
        afterTable = (exported, table) -> {
            if (table.equals(parentsFirst.getFirst())) {
                jdbc().execute("ALTER TABLE vault." + failing + " RENAME TO " + failing + "_gone");
            }
        };
        try {
            assertThatThrownBy(() -> export(tenant, exportToken(tenant)))
                    .as("the body is cut short: the connection closes before its end")
                    .isInstanceOf(IOException.class);
        } finally {
            afterTable = (exported, table) -> {};
            jdbc().execute("ALTER TABLE vault." + failing + "_gone RENAME TO " + failing);
        }

        assertThat(output.getAll())
                .contains("ERROR")
                .contains("Export of tenant " + tenant + " from schema vault aborted while writing table " + failing);
        assertThat(exportTimerCount("failure")).isEqualTo(failuresBefore + 1);
        assertThat(export(tenant, exportToken(tenant)).statusCode())
                .as("the next export")
                .isEqualTo(200);
    }

    @Test
    void countsExportsAndTheirRowsInTheMetrics() throws Exception {
        UUID tenant = seed(2);
        double before = exportTimerCount("success");

        export(tenant, exportToken(tenant));

        assertThat(exportTimerCount("success")).isEqualTo(before + 1);
        assertThat(meters.get("bakery.deletion.export.rows")
                        .tags("service", SERVICE, "table", "reminders")
                        .counter()
                        .count())
                .isGreaterThanOrEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(RejectedToken.class)
    void refusesAnExportWithoutAValidTokenAndWritesNoArchive(RejectedToken rejected) throws Exception {
        UUID tenant = seed(1);

        HttpResponse<byte[]> response =
                export(tenant, rejected.mint(ORCHESTRATOR, SERVICE, tenant, ServiceTokenScopes.TENANT_DATA_EXPORT));

        assertThat(response.statusCode()).isEqualTo(rejected.status());
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith(PROBLEM_JSON));
        assertThat(JSON.readTree(response.body()).path("detail").asText())
                .containsPattern(rejected.detail(ServiceTokenScopes.TENANT_DATA_EXPORT, tenant));
    }

    @Test
    void needsTheExportScope() throws Exception {
        UUID tenant = seed(1);
        for (String scope : List.of(ServiceTokenScopes.TENANT_DATA_PREVIEW, ServiceTokenScopes.TENANT_DATA_DELETE)) {
            HttpResponse<byte[]> response = export(tenant, token(tenant, scope));

            assertThat(response.statusCode()).as(scope).isEqualTo(403);
            assertThat(new String(response.body(), StandardCharsets.UTF_8))
                    .contains("The token does not grant scope tenant-data.export");
        }
    }

    private double exportTimerCount(String outcome) {
        var timer = meters.find("bakery.deletion.export")
                .tags("service", SERVICE, "outcome", outcome)
                .timer();
        return timer == null ? 0 : timer.count();
    }

    /** An account per row, each with an entry in a system category and a reminder. */
    private UUID seed(int rows) {
        UUID tenant = UUID.randomUUID();
        for (int i = 0; i < rows; i++) {
            UUID account = UUID.randomUUID();
            jdbc().update(
                            "INSERT INTO vault.accounts VALUES (?, ?, ?, '5b0c2f00-0000-4000-8000-000000000001')",
                            account,
                            tenant,
                            "account " + i);
            jdbc().update(
                            "INSERT INTO vault.entries (id, tenant_id, account_id, category_id, note, amount) VALUES"
                                    + " (?, ?, ?, '5b0c2f00-0000-4000-8000-0000000000c2', ?, ?)",
                            UUID.randomUUID(),
                            tenant,
                            account,
                            "entry " + i,
                            i * 1.5);
            jdbc().update(
                            "INSERT INTO vault.categories VALUES (?, ?, ?)",
                            UUID.randomUUID(),
                            tenant,
                            "own category " + i);
            jdbc().update(
                            "INSERT INTO vault.reminders VALUES (?, ?, ?, current_date + ?)",
                            UUID.randomUUID(),
                            tenant,
                            account,
                            i);
        }
        return tenant;
    }

    /** PostgreSQL's own row_to_json of the tenant's rows, in UTC as the export writes them. */
    private List<String> rowsAsJson(String table, UUID tenant) {
        return new TransactionTemplate(new DataSourceTransactionManager(dataSource)).execute(status -> {
            jdbc().execute("SET LOCAL TimeZone = 'UTC'");
            return jdbc().queryForList(
                            "SELECT row_to_json(t)::text FROM vault." + table + " t WHERE t.tenant_id = ?",
                            String.class,
                            tenant);
        });
    }

    private JdbcTemplate jdbc() {
        return new JdbcTemplate(dataSource);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Map<String, Long> counts(JsonNode node) {
        var counts = new LinkedHashMap<String, Long>();
        node.properties()
                .forEach(field -> counts.put(field.getKey(), field.getValue().asLong()));
        return counts;
    }

    /** The archive's entries in their order; it must be complete (export.json last). */
    static Map<String, byte[]> entries(byte[] archive) throws IOException {
        var entries = new LinkedHashMap<String, byte[]>();
        try (var zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                entries.put(entry.getName(), zip.readAllBytes());
            }
        }
        return entries;
    }

    private String exportToken(UUID tenant) {
        return token(tenant, ServiceTokenScopes.TENANT_DATA_EXPORT);
    }

    private static String token(UUID tenant, String scope) {
        return ORCHESTRATOR
                .token()
                .audience(SERVICE)
                .scope(scope)
                .tenant(tenant)
                .sign();
    }

    private HttpResponse<byte[]> export(UUID tenant, @Nullable String token) throws Exception {
        URI uri = new UriTemplate("http://127.0.0.1:" + port + DeletionEndpoints.exportPath(SERVICE)).expand(tenant);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A service of the vault schema, migrated by Flyway from engine/export. */
    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class VaultApplication {

        @Bean
        TenantDataDeletionService vaultDeletion() {
            return new TenantDataDeletionService(TenantDataSchema.named("vault")
                    .shared("regions", "reference data of every tenant")
                    .systemRows("categories", "the fleet's own categories")
                    .retained("invoices", "tax law keeps them for 10 years")) {};
        }

        @Bean
        TenantDataDeletionListener exportHook() {
            return new TenantDataDeletionListener() {
                @Override
                public void exportTableWritten(UUID tenantId, String table, long rows) {
                    afterTable.accept(tenantId, table);
                }
            };
        }
    }
}
