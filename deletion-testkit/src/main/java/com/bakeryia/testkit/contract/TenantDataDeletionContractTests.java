package com.bakeryia.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.deletion.DeletionPlan;
import com.bakeryia.deletion.TenantDataDeletionService;
import com.bakeryia.deletion.TenantErasureFence;
import com.bakeryia.deletion.api.DeletionEndpoints;
import com.bakeryia.deletion.api.DeletionPreview;
import com.bakeryia.deletion.api.DeletionResult;
import com.bakeryia.deletion.api.ExternalDataUsage;
import com.bakeryia.deletion.api.TenantDataExportManifest;
import com.bakeryia.fleet.ServiceIdentity;
import com.bakeryia.fleet.token.ServiceTokenScopes;
import com.bakeryia.testkit.data.GeneratedTenant;
import com.bakeryia.testkit.data.SchemaInspector;
import com.bakeryia.testkit.data.TenantDataGenerator;
import com.bakeryia.testkit.postgres.FreshDatabaseContextInitializer;
import com.bakeryia.testkit.token.TestTokenAuthority;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.web.util.UriTemplate;

/**
 * The deletion contract every service that holds tenant data passes: it starts the service on a
 * fresh database, fills its schema for several generated tenants and calls its endpoints over real
 * HTTP with tokens of a stand-in orchestrator. A service inherits it in a few lines:
 *
 * <pre>{@code
 * class OrdersDeletionContractIntegrationTests extends TenantDataDeletionContractTests {}
 * }</pre>
 *
 * <p>A service states in its test what its plan must say: the tables it retains ({@link
 * #retainedTables()}, none by default), which must equal the plan's, and, when it keeps tenant data
 * outside Postgres, how to write it ({@link #seedExternalData(UUID)}) and how to see it directly
 * ({@link #externalDataOf(UUID)}). Leftovers are checked in every table of the schema with a
 * {@code tenant_id} column (deletion-core's fence and ledger aside), not only in the plan's.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability(tracing = false)
@ExtendWith(OutputCaptureExtension.class)
@ContextConfiguration(
        initializers = {
            FreshDatabaseContextInitializer.class,
            TenantDataDeletionContractTests.TrustTestOrchestrator.class
        })
public abstract class TenantDataDeletionContractTests {

    /** The stand-in orchestrator whose tokens the service under test trusts. */
    protected static final TestTokenAuthority ORCHESTRATOR = TestTokenAuthority.start("orchestrator-service");

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Reads the answers into deletion-api's records strictly: every field of the record present
     * under its snake_case name, and no other field; null only where the contract allows it
     * ({@link #NULLABLE_RESULT_FIELDS}). So reading an answer is the check of its wire format.
     */
    private static final ObjectMapper ANSWERS = JsonMapper.builder()
            .findAndAddModules()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    /** The fields of a {@link DeletionResult} that may be null: the job of a run without one, and erased_before. */
    private static final Set<String> NULLABLE_RESULT_FIELDS = Set.of("job_id", "erased_before");

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String PROBLEM_JSON = "application/problem+json";

    @LocalServerPort
    private int port;

    @Autowired
    private TenantDataDeletionService deletionService;

    @Autowired
    private ServiceIdentity identity;

    @Autowired
    private DataSource dataSource;

    private @Nullable SchemaInspector inspector;

    /** Rows generated per tenant-owned table for each tenant. */
    protected int rowsPerTable() {
        return 20;
    }

    /** Stores the tenant's data outside Postgres, if the service keeps any; called after its rows. */
    protected void seedExternalData(UUID tenantId) {}

    /**
     * The tenant's data outside Postgres as the test sees it directly (not through the service), per
     * name as the preview's {@code external} names it; none by default. A service that keeps such
     * data overrides it together with {@link #seedExternalData(UUID)}: the contract checks it is
     * previewed, gone after the delete and untouched for the neighbours.
     */
    protected Map<String, ExternalDataUsage> externalDataOf(UUID tenantId) {
        return Map.of();
    }

    /**
     * The tenant tables this service retains (declared {@code .retained(...)}), stated by its test;
     * none by default. It must equal the plan's retained tables, so a table retained by mistake
     * fails the contract until its test says so too.
     */
    protected Set<String> retainedTables() {
        return Set.of();
    }

    @Test
    void retainsExactlyTheTablesItsTestStates() {
        assertThat(plan().retained().keySet())
                .as("tables retained by %s's plan: state them in its contract test (retainedTables())", identity.name())
                .containsExactlyInAnyOrderElementsOf(retainedTables());
        assertThat(plan().deletionOrder())
                .as("erased tables: every tenant table of the schema but the retained ones")
                .containsExactlyInAnyOrderElementsOf(tenantTablesNotRetained());
    }

    @Test
    void previewCountsEveryGeneratedRowOfTheTenant() throws Exception {
        UUID tenant = newTenant();
        Map<String, Long> generated = erasedTablesOf(seed(tenant));
        // A table the generator cannot fill would pass every check below without being tested.
        assertThat(tenantTablesNotRetained())
                .allSatisfy(table -> assertThat(inspector().rowCounts(tenant).get(table))
                        .as("generated rows of the tenant in %s", table)
                        .isPositive());
        Map<String, ExternalDataUsage> external = externalDataOf(tenant);
        assertThat(external)
                .as("external data seeded")
                .allSatisfy((name, usage) -> assertThat(usage.items()).as(name).isPositive());

        HttpResponse<String> response = preview(tenant, previewToken(tenant));

        assertThat(response.statusCode()).isEqualTo(200);
        DeletionPreview preview = previewOf(response);
        assertThat(preview.tenantId()).isEqualTo(tenant);
        assertThat(preview.serviceName()).isEqualTo(identity.name());
        assertThat(preview.counts()).isEqualTo(generated);
        assertThat(preview.total())
                .isEqualTo(
                        generated.values().stream().mapToLong(Long::longValue).sum());
        assertThat(preview.counts().keySet()).containsExactlyElementsOf(plan().deletionOrder());
        assertThat(preview.counts().keySet())
                .as("every tenant table of the schema but the retained ones")
                .containsExactlyInAnyOrderElementsOf(tenantTablesNotRetained());
        assertThat(preview.retained().keySet()).containsExactlyInAnyOrderElementsOf(retainedTables());
        assertThat(preview.external())
                .as("data outside Postgres, as the test sees it (externalDataOf)")
                .isEqualTo(external);
    }

    @Test
    void deletesExactlyWhatPreviewCountedAndNothingOfOtherTenants() throws Exception {
        UUID tenant = newTenant();
        Map<String, Long> before = seed(tenant);
        UUID neighbour = newTenant();
        seed(neighbour);
        UUID otherNeighbour = newTenant();
        seed(otherNeighbour);
        Map<String, String> neighbourBefore = inspector().checksums(neighbour);
        Map<String, String> otherNeighbourBefore = inspector().checksums(otherNeighbour);
        Map<String, ExternalDataUsage> neighbourExternalBefore = externalDataOf(neighbour);
        Map<String, String> sharedBefore = inspector().sharedTableChecksums();
        Map<String, String> retainedBefore = retainedChecksums(tenant);
        Map<String, ExternalDataUsage> externalBefore = externalDataOf(tenant);
        Map<String, Long> previewed =
                previewOf(preview(tenant, previewToken(tenant))).counts();
        assertThat(previewed).as("the preview counts what was seeded").isEqualTo(erasedTablesOf(before));

        HttpResponse<String> response = delete(tenant, deleteToken(tenant));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        DeletionResult result = resultOf(response);
        assertThat(result.success()).isTrue();
        assertThat(result.verified()).isTrue();
        assertThat(result.errors()).isEmpty();
        assertThat(result.durationMs()).isNotNegative();
        assertThat(result.deletedCounts()).isEqualTo(previewed);
        assertThat(result.runDeletedCounts()).isEqualTo(previewed);
        assertThat(result.erasedBefore()).isNull();
        assertNoRowOfTheTenantLeft(tenant);
        assertThat(externalDataOf(tenant))
                .as("the tenant's data outside Postgres")
                .allSatisfy(
                        (name, usage) -> assertThat(usage.isEmpty()).as(name).isTrue());
        assertThat(result.externalDeleted()).isEqualTo(externalBefore);
        assertThat(retainedChecksums(tenant)).isEqualTo(retainedBefore);
        assertThat(inspector().checksums(neighbour)).isEqualTo(neighbourBefore);
        assertThat(inspector().checksums(otherNeighbour)).isEqualTo(otherNeighbourBefore);
        assertThat(externalDataOf(neighbour)).isEqualTo(neighbourExternalBefore);
        assertThat(inspector().sharedTableChecksums()).isEqualTo(sharedBefore);
        assertThat(inspector().danglingReferences()).isEmpty();
    }

    @Test
    void answersTheJobsCumulativeCountsWhenItsRunIsRepeatedAndZerosWithTheFirstJobForAnother() throws Exception {
        UUID tenant = newTenant();
        Map<String, Long> before = erasedTablesOf(seed(tenant));
        String job = UUID.randomUUID().toString();
        DeletionResult first = resultOf(delete(tenant, deleteTokenForJob(tenant, job)));
        assertThat(first.success()).isTrue();
        assertThat(first.jobId()).hasToString(job);
        assertThat(first.deletedCounts()).isEqualTo(before);

        HttpResponse<String> repeated = delete(tenant, deleteTokenForJob(tenant, job));

        assertThat(repeated.statusCode()).as(repeated.body()).isEqualTo(200);
        DeletionResult again = resultOf(repeated);
        assertThat(again.deletedCounts())
                .as("what the job erased in all its runs: the rows there before it")
                .isEqualTo(before);
        assertThat(again.runDeletedCounts()).containsOnlyKeys(plan().deletionOrder());
        assertThat(again.runDeletedCounts().values())
                .as("what the repeated run erased")
                .containsOnly(0L);
        assertThat(again.erasedBefore()).isNull();

        String otherJob = UUID.randomUUID().toString();
        HttpResponse<String> otherAnswer = delete(tenant, deleteTokenForJob(tenant, otherJob));
        DeletionResult other = resultOf(otherAnswer);
        assertThat(JSON.readTree(otherAnswer.body())
                        .path("erased_before")
                        .path("fenced_at")
                        .isTextual())
                .as("fenced_at as an ISO-8601 instant: %s", otherAnswer.body())
                .isTrue();

        assertThat(other.success()).isTrue();
        assertThat(other.jobId()).hasToString(otherJob);
        assertZeroCountSuccess(other);
        assertThat(other.erasedBefore())
                .as("the job that erased the tenant first")
                .isNotNull();
        assertThat(other.erasedBefore().jobId()).hasToString(job);
        assertThat(other.erasedBefore().fencedAt()).isNotNull();
    }

    @Test
    void fencesTheErasedTenantSoThatNoRowOfItCanBeWrittenAgain() throws Exception {
        UUID tenant = newTenant();
        seed(tenant);
        UUID neighbour = newTenant();
        seed(neighbour);
        String jobId = UUID.randomUUID().toString();
        String token = deleteTokenForJob(tenant, jobId);
        assertThat(delete(tenant, token).statusCode()).isEqualTo(200);
        Map<String, String> neighbourBefore = inspector().checksums(neighbour);

        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement fence = connection.prepareStatement(
                    "SELECT job_id::text FROM " + schema() + "." + TenantErasureFence.TABLE + " WHERE tenant_id = ?")) {
                fence.setObject(1, tenant);
                try (ResultSet row = fence.executeQuery()) {
                    assertThat(row.next()).as("the tenant is fenced").isTrue();
                    assertThat(row.getString(1)).isEqualTo(jobId);
                }
            }
            connection.setAutoCommit(false);
            for (String table : plan().deletionOrder()) {
                SQLException refused = moveOneRow(connection, table, neighbour, tenant);
                connection.rollback();
                assertThat(refused == null ? null : refused.getSQLState())
                        .as("SQLSTATE of moving a row of %s into the erased tenant", table)
                        .isEqualTo(TenantErasureFence.WRITE_REFUSED);
                assertThat(refused.getMessage())
                        .contains("tenant " + tenant + " has been erased from schema " + schema());
            }
        }

        assertThat(erasedTablesOf(inspector().rowCounts(tenant)))
                .allSatisfy((table, rows) ->
                        assertThat(rows).as("rows of the tenant in %s", table).isZero());
        assertThat(inspector().checksums(neighbour)).isEqualTo(neighbourBefore);
        assertThat(erasedTablesOf(seed(newTenant())))
                .as("another tenant's rows are still written")
                .allSatisfy((table, rows) -> assertThat(rows).isPositive());
    }

    @Test
    void writesOneAuditLineCarryingTheJobIdOfTheToken(CapturedOutput output) throws Exception {
        UUID tenant = newTenant();
        seed(tenant);
        String jobId = UUID.randomUUID().toString();
        String token = deleteTokenForJob(tenant, jobId);

        assertThat(delete(tenant, token).statusCode()).isEqualTo(200);

        assertThat(output.getOut()
                        .lines()
                        .filter(line -> line.contains("tenant_data_deletion") && line.contains("job_id=" + jobId)))
                .singleElement()
                .asString()
                .contains("tenant_id=" + tenant)
                .contains("caller=" + ORCHESTRATOR.issuer())
                .contains("outcome=success")
                .contains("verified=true");
    }

    @Test
    void exposesRowsDeletedPerTableToPrometheus() throws Exception {
        UUID tenant = newTenant();
        Map<String, Long> seeded = erasedTablesOf(seed(tenant));
        Map<String, Double> before = rowsDeletedSeries(scrape());
        String job = UUID.randomUUID().toString();
        assertThat(delete(tenant, deleteTokenForJob(tenant, job)).statusCode()).isEqualTo(200);
        // The repeated run of the job erases nothing more: it must not count the job's rows again.
        assertThat(delete(tenant, deleteTokenForJob(tenant, job)).statusCode()).isEqualTo(200);

        String scrape = scrape();

        Map<String, Double> after = rowsDeletedSeries(scrape);
        for (String table : plan().deletionOrder()) {
            assertThat(after.getOrDefault(table, 0.0) - before.getOrDefault(table, 0.0))
                    .as("growth of bakery_deletion_rows_deleted_total{table=\"%s\"}", table)
                    .isEqualTo(seeded.get(table).doubleValue());
            // Registered at start-up (no run left residue), so that increase() sees the first residue.
            assertThat(scrape)
                    .as("residue of %s registered at start-up", table)
                    .containsPattern("bakery_deletion_residue_rows_total\\{[^}]*service=\"" + identity.name()
                            + "\"[^}]*table=\"" + table + "\"[^}]*} ");
        }
        assertThat(scrape)
                .containsPattern("bakery_deletion_run_seconds_count\\{[^}]*outcome=\"success\"[^}]*service=\""
                        + identity.name() + "\"");
    }

    private String scrape() throws IOException, InterruptedException {
        HttpResponse<String> scrape = send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                        .GET(),
                null);
        assertThat(scrape.statusCode()).isEqualTo(200);
        return scrape.body();
    }

    /** The value of {@code bakery_deletion_rows_deleted_total} of this service per table (absent: never counted). */
    private Map<String, Double> rowsDeletedSeries(String scrape) {
        var series = new LinkedHashMap<String, Double>();
        Pattern line = Pattern.compile("^bakery_deletion_rows_deleted_total\\{([^}]*)} (\\S+)$", Pattern.MULTILINE);
        Pattern table = Pattern.compile("(?:^|,)table=\"([^\"]*)\"");
        Matcher sample = line.matcher(scrape);
        while (sample.find()) {
            String labels = sample.group(1);
            if (!labels.contains("service=\"" + identity.name() + "\"")) {
                continue;
            }
            Matcher name = table.matcher(labels);
            assertThat(name.find()).as(labels).isTrue();
            series.merge(name.group(1), Double.parseDouble(sample.group(2)), Double::sum);
        }
        return series;
    }

    @Test
    void publishesItsOpenApiDocumentWithTheDeletionEndpointsWithoutAuthentication() throws Exception {
        HttpResponse<String> response = send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v3/api-docs"))
                        .GET(),
                null);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode document = JSON.readTree(response.body());
        String tenant = DeletionEndpoints.deletePath(identity.name());
        assertThat(document.path("paths").path(tenant).has("delete"))
                .as("DELETE %s in %s", tenant, document.path("paths"))
                .isTrue();
        assertThat(document.path("paths")
                        .path(DeletionEndpoints.previewPath(identity.name()))
                        .has("get"))
                .isTrue();
        OpenApiDocuments.assertFleetConventions(document, identity.name());
    }

    @Test
    void deletingAnErasedTenantAgainSucceedsWithZeroCounts() throws Exception {
        UUID tenant = newTenant();
        seed(tenant);
        assertThat(delete(tenant, deleteToken(tenant)).statusCode()).isEqualTo(200);

        HttpResponse<String> again = delete(tenant, deleteToken(tenant));

        assertThat(again.statusCode()).isEqualTo(200);
        assertZeroCountSuccess(resultOf(again));
        assertNoRowOfTheTenantLeft(tenant);
    }

    @Test
    void deletingAnUnknownTenantSucceedsWithZeroCounts() throws Exception {
        UUID unknown = UUID.randomUUID();
        seed(newTenant());

        HttpResponse<String> response = delete(unknown, deleteToken(unknown));

        assertThat(response.statusCode()).isEqualTo(200);
        assertZeroCountSuccess(resultOf(response));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(RejectedToken.class)
    void refusesADeletionWithoutAValidTokenAndDeletesNothing(RejectedToken rejected) throws Exception {
        UUID tenant = newTenant();
        seed(tenant);
        Map<String, String> before = inspector().checksums(tenant);
        Map<String, ExternalDataUsage> externalBefore = externalDataOf(tenant);

        HttpResponse<String> response = delete(
                tenant, rejected.mint(ORCHESTRATOR, identity.name(), tenant, ServiceTokenScopes.TENANT_DATA_DELETE));

        assertRefused(response, rejected, ServiceTokenScopes.TENANT_DATA_DELETE, tenant);
        assertThat(inspector().checksums(tenant)).isEqualTo(before);
        assertThat(externalDataOf(tenant)).isEqualTo(externalBefore);
        assertThat(fenced(tenant)).as("the tenant is not fenced").isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(RejectedToken.class)
    void refusesAPreviewWithoutAValidTokenAndRevealsNoCount(RejectedToken rejected) throws Exception {
        UUID tenant = newTenant();
        seed(tenant);

        HttpResponse<String> response = preview(
                tenant, rejected.mint(ORCHESTRATOR, identity.name(), tenant, ServiceTokenScopes.TENANT_DATA_PREVIEW));

        assertRefused(response, rejected, ServiceTokenScopes.TENANT_DATA_PREVIEW, tenant);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.has("counts") || problem.has("total"))
                .as("no count in the refusal: %s", response.body())
                .isFalse();
    }

    private static void assertRefused(HttpResponse<String> response, RejectedToken rejected, String scope, UUID tenant)
            throws IOException {
        assertRefused(response, response.body(), rejected, scope, tenant);
    }

    private static void assertRefused(
            HttpResponse<?> response, String body, RejectedToken rejected, String scope, UUID tenant)
            throws IOException {
        assertThat(response.statusCode()).as(body).isEqualTo(rejected.status());
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith(PROBLEM_JSON));
        JsonNode problem = JSON.readTree(body);
        assertThat(problem.get("status").asInt()).isEqualTo(rejected.status());
        assertThat(problem.path("detail").asText())
                .as("detail of the %s refusal", rejected)
                .containsPattern(rejected.detail(scope, tenant));
    }

    @Test
    void exportsEveryErasedTableParentsFirstWithThePreviewsCountsAndNothingOfOtherTenants() throws Exception {
        UUID tenant = newTenant();
        seed(tenant);
        UUID neighbour = newTenant();
        seed(neighbour);
        DeletionPreview preview = previewOf(preview(tenant, previewToken(tenant)));

        HttpResponse<byte[]> response = export(tenant, exportToken(tenant));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(DeletionEndpoints.EXPORT_MEDIA_TYPE);
        Map<String, byte[]> entries = zipEntries(response.body());
        List<String> names = List.copyOf(entries.keySet());
        List<String> tables = plan().deletionOrder().reversed().stream()
                .map(table -> table + DeletionEndpoints.EXPORT_TABLE_SUFFIX)
                .toList();
        assertThat(names.subList(0, tables.size()))
                .as("one entry per erased table, parents first")
                .isEqualTo(tables);
        assertThat(names.getLast()).isEqualTo(DeletionEndpoints.EXPORT_MANIFEST);
        TenantDataExportManifest manifest =
                ANSWERS.readValue(entries.get(DeletionEndpoints.EXPORT_MANIFEST), TenantDataExportManifest.class);
        assertThat(manifest.service()).isEqualTo(identity.name());
        assertThat(manifest.schema()).isEqualTo(schema());
        assertThat(manifest.tenantId()).isEqualTo(tenant);
        assertThat(manifest.format()).isEqualTo(TenantDataExportManifest.NDJSON);
        assertThat(manifest.snapshotAt()).isBefore(java.time.Instant.now());
        Map<String, Long> exportedCounts = manifest.tables();
        assertThat(List.copyOf(exportedCounts.keySet()))
                .as("the manifest's tables in the order of their entries")
                .isEqualTo(plan().deletionOrder().reversed());
        assertThat(exportedCounts).as("the export's counts are the preview's").isEqualTo(preview.counts());
        for (String table : plan().deletionOrder()) {
            String ndjson =
                    new String(entries.get(table + DeletionEndpoints.EXPORT_TABLE_SUFFIX), StandardCharsets.UTF_8);
            List<String> lines = ndjson.isEmpty() ? List.of() : List.of(ndjson.split("\n", -1));
            assertThat(lines.isEmpty() || lines.getLast().isEmpty())
                    .as("%s ends every line", table)
                    .isTrue();
            List<String> rows = lines.isEmpty() ? lines : lines.subList(0, lines.size() - 1);
            assertThat((long) rows.size()).as("rows of %s", table).isEqualTo(exportedCounts.get(table));
            for (String row : rows) {
                assertThat(JSON.readTree(row).path("tenant_id").asText())
                        .as(table)
                        .isEqualTo(tenant.toString());
            }
            assertThat(ndjson).as(table).doesNotContain(neighbour.toString());
        }
        Map<String, Long> files = manifest.files();
        assertThat(names.subList(tables.size(), names.size() - 1))
                .as("the files, every one listed in the manifest")
                .containsExactlyElementsOf(files.keySet());
        files.forEach((name, bytes) ->
                assertThat((long) entries.get(name).length).as(name).isEqualTo(bytes));
        preview.external().forEach((name, usage) -> {
            String folder = DeletionEndpoints.EXPORT_FILES + name + "/";
            var exported = files.entrySet().stream()
                    .filter(file -> file.getKey().startsWith(folder))
                    .toList();
            assertThat((long) exported.size()).as("files of %s", name).isEqualTo(usage.items());
            assertThat(exported.stream().mapToLong(Map.Entry::getValue).sum())
                    .as("bytes of %s", name)
                    .isEqualTo(usage.bytes());
        });
    }

    @Test
    void refusesToExportATenantOnceItsErasureHasBegun() throws Exception {
        UUID tenant = newTenant();
        seed(tenant);
        assertThat(delete(tenant, deleteToken(tenant)).statusCode()).isEqualTo(200);

        HttpResponse<byte[]> response = export(tenant, exportToken(tenant));

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith(PROBLEM_JSON));
        assertThat(JSON.readTree(response.body()).path("type").asText())
                .isEqualTo("urn:bakery-ia:problem:tenant-erasure-begun");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(RejectedToken.class)
    void refusesAnExportWithoutAValidTokenAndExportsNothing(RejectedToken rejected) throws Exception {
        UUID tenant = newTenant();
        seed(tenant);

        HttpResponse<byte[]> response = export(
                tenant, rejected.mint(ORCHESTRATOR, identity.name(), tenant, ServiceTokenScopes.TENANT_DATA_EXPORT));

        assertRefused(
                response,
                new String(response.body(), StandardCharsets.UTF_8),
                rejected,
                ServiceTokenScopes.TENANT_DATA_EXPORT,
                tenant);
    }

    @Test
    void previewNeedsThePreviewScope() throws Exception {
        UUID tenant = newTenant();

        HttpResponse<String> response = preview(tenant, deleteToken(tenant));

        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void refusesAMalformedTenantIdWithProblemDetails() throws Exception {
        UUID tenantInToken = UUID.randomUUID();
        for (String malformed : List.of("not-a-uuid", "1-1-1-1-1", "00000000000000000000000000000000")) {
            HttpResponse<String> deletion =
                    send(HttpRequest.newBuilder(deleteUri(malformed)).DELETE(), deleteToken(tenantInToken));
            HttpResponse<String> preview =
                    send(HttpRequest.newBuilder(previewUri(malformed)).GET(), previewToken(tenantInToken));
            HttpResponse<String> export = send(
                    HttpRequest.newBuilder(endpoint(DeletionEndpoints.exportPath(identity.name()), malformed))
                            .GET(),
                    exportToken(tenantInToken));

            for (HttpResponse<String> response : List.of(deletion, preview, export)) {
                assertThat(response.statusCode()).as(malformed).isEqualTo(400);
                assertThat(response.headers().firstValue("Content-Type"))
                        .hasValueSatisfying(type -> assertThat(type).startsWith(PROBLEM_JSON));
                assertThat(JSON.readTree(response.body()).get("detail").asText())
                        .contains(malformed);
            }
        }
    }

    /** A fresh tenant id; its rows are written by {@link #seed(UUID)}. */
    protected UUID newTenant() {
        return UUID.randomUUID();
    }

    /** Fills every tenant-owned table (and external data) for the tenant; returns the rows per table. */
    protected Map<String, Long> seed(UUID tenant) {
        GeneratedTenant generated = new TenantDataGenerator(dataSource, schema(), tenant.getMostSignificantBits())
                .generatePerTable(tenant, rowsPerTable());
        seedExternalData(tenant);
        return generated.rowsPerTable();
    }

    /** Inspects the service's schema directly, not through the service; its catalog is read once. */
    protected SchemaInspector inspector() {
        if (inspector == null) {
            inspector = new SchemaInspector(dataSource, schema());
        }
        return inspector;
    }

    /** A valid preview token for the tenant. */
    protected String previewToken(UUID tenant) {
        return validToken(tenant, ServiceTokenScopes.TENANT_DATA_PREVIEW);
    }

    /** A valid delete token for the tenant. */
    protected String deleteToken(UUID tenant) {
        return validToken(tenant, ServiceTokenScopes.TENANT_DATA_DELETE);
    }

    private String deleteTokenForJob(UUID tenant, String jobId) {
        return ORCHESTRATOR
                .token()
                .audience(identity.name())
                .scope(ServiceTokenScopes.TENANT_DATA_DELETE)
                .tenant(tenant)
                .jobId(jobId)
                .sign();
    }

    private String validToken(UUID tenant, String scope) {
        return ORCHESTRATOR
                .token()
                .audience(identity.name())
                .scope(scope)
                .tenant(tenant)
                .sign();
    }

    /** A valid export token for the tenant. */
    protected String exportToken(UUID tenant) {
        return validToken(tenant, ServiceTokenScopes.TENANT_DATA_EXPORT);
    }

    /** GET the export, as bytes. */
    protected HttpResponse<byte[]> export(UUID tenant, @Nullable String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        endpoint(DeletionEndpoints.exportPath(identity.name()), tenant))
                .GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The entries of a complete archive in their order. */
    private static Map<String, byte[]> zipEntries(byte[] archive) throws IOException {
        var entries = new LinkedHashMap<String, byte[]>();
        try (var zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                assertThat(entries.put(entry.getName(), zip.readAllBytes()))
                        .as("entry %s once", entry.getName())
                        .isNull();
            }
        }
        return entries;
    }

    /** GET the preview. */
    protected HttpResponse<String> preview(UUID tenant, @Nullable String token)
            throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(previewUri(tenant)).GET(), token);
    }

    /** DELETE the tenant. */
    protected HttpResponse<String> delete(UUID tenant, @Nullable String token)
            throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(deleteUri(tenant)).DELETE(), token);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, @Nullable String token)
            throws IOException, InterruptedException {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI previewUri(Object tenantId) {
        return endpoint(DeletionEndpoints.previewPath(identity.name()), tenantId);
    }

    private URI deleteUri(Object tenantId) {
        return endpoint(DeletionEndpoints.deletePath(identity.name()), tenantId);
    }

    private URI endpoint(String template, Object tenantId) {
        return new UriTemplate("http://127.0.0.1:" + port + template).expand(tenantId);
    }

    private String schema() {
        return deletionService.schema().schema();
    }

    private DeletionPlan plan() {
        return deletionService.plan();
    }

    private Map<String, Long> erasedTablesOf(Map<String, Long> rowsPerTable) {
        var erased = new LinkedHashMap<String, Long>();
        plan().deletionOrder().forEach(table -> erased.put(table, rowsPerTable.getOrDefault(table, 0L)));
        return erased;
    }

    private Map<String, String> retainedChecksums(UUID tenant) {
        var retained = new LinkedHashMap<String, String>(inspector().checksums(tenant));
        retained.keySet().retainAll(retainedTables());
        return retained;
    }

    /** Every table of the schema with a tenant_id column (deletion-core's fence and ledger aside), but the stated retained ones. */
    private List<String> tenantTablesNotRetained() {
        return inspector().tenantTables().stream()
                .filter(table -> !retainedTables().contains(table))
                .toList();
    }

    /** Zero rows of the tenant in every tenant table of the schema that the test does not state retained. */
    private void assertNoRowOfTheTenantLeft(UUID tenant) {
        Map<String, Long> counts = inspector().rowCounts(tenant);
        assertThat(tenantTablesNotRetained())
                .isNotEmpty()
                .allSatisfy(table -> assertThat(counts.get(table))
                        .as("rows of the tenant left in %s", table)
                        .isZero());
    }

    private boolean fenced(UUID tenant) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement fence = connection.prepareStatement(
                        "SELECT count(*) FROM " + schema() + "." + TenantErasureFence.TABLE + " WHERE tenant_id = ?")) {
            fence.setObject(1, tenant);
            try (ResultSet row = fence.executeQuery()) {
                row.next();
                return row.getLong(1) > 0;
            }
        }
    }

    /** Moves one row of {@code from} into {@code to} in the open transaction; returns the refusal, if any. */
    private @Nullable SQLException moveOneRow(Connection connection, String table, UUID from, UUID to) {
        String qualified = quote(schema()) + "." + quote(table);
        try (PreparedStatement move = connection.prepareStatement("UPDATE " + qualified
                + " SET tenant_id = ? WHERE ctid = (SELECT ctid FROM " + qualified + " WHERE tenant_id = ? LIMIT 1)")) {
            move.setObject(1, to);
            move.setObject(2, from);
            move.executeUpdate();
            return null;
        } catch (SQLException e) {
            return e;
        }
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private void assertZeroCountSuccess(DeletionResult result) {
        assertThat(result.success()).isTrue();
        assertThat(result.verified()).isTrue();
        assertThat(result.deletedCounts()).containsOnlyKeys(plan().deletionOrder());
        assertThat(result.deletedCounts().values()).containsOnly(0L);
    }

    private static DeletionPreview previewOf(HttpResponse<String> response) throws IOException {
        JsonNode answer = ANSWERS.readTree(response.body());
        answer.properties()
                .forEach(field -> assertThat(field.getValue().isNull())
                        .as("%s is null in %s", field.getKey(), response.body())
                        .isFalse());
        return ANSWERS.treeToValue(answer, DeletionPreview.class);
    }

    private static DeletionResult resultOf(HttpResponse<String> response) throws IOException {
        JsonNode answer = ANSWERS.readTree(response.body());
        answer.properties()
                .forEach(field -> assertThat(
                                field.getValue().isNull() && !NULLABLE_RESULT_FIELDS.contains(field.getKey()))
                        .as("%s is null in %s", field.getKey(), response.body())
                        .isFalse());
        return ANSWERS.treeToValue(answer, DeletionResult.class);
    }

    /** Makes the service under test trust {@link #ORCHESTRATOR}. */
    static final class TrustTestOrchestrator implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            context.getEnvironment()
                    .getPropertySources()
                    .addFirst(
                            new MapPropertySource("testOrchestratorTrust", Map.copyOf(ORCHESTRATOR.trustProperties())));
        }
    }
}
