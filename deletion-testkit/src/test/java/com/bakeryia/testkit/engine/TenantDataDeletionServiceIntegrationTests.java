package com.bakeryia.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.bakeryia.deletion.DeletionContext;
import com.bakeryia.deletion.DeletionPlan;
import com.bakeryia.deletion.ExternalDataDeletion;
import com.bakeryia.deletion.ExternalDataExport;
import com.bakeryia.deletion.ExternalTenantData;
import com.bakeryia.deletion.TenantDataDeletionListener;
import com.bakeryia.deletion.TenantDataDeletionService;
import com.bakeryia.deletion.TenantDataExport;
import com.bakeryia.deletion.TenantDataExportException;
import com.bakeryia.deletion.TenantDataSchema;
import com.bakeryia.deletion.api.DeletionPreview;
import com.bakeryia.deletion.api.DeletionResult;
import com.bakeryia.deletion.api.ExternalDataUsage;
import com.bakeryia.fleet.FleetAutoConfiguration;
import com.bakeryia.testkit.data.SchemaInspector;
import com.bakeryia.testkit.data.TenantDataGenerator;
import com.bakeryia.testkit.postgres.PostgresDatabaseExtension;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.EncodedResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.datasource.init.ScriptUtils;

/**
 * deletion-core's engine on a real PostgreSQL, through its public API and auto-configuration. It
 * lives here because deletion-core cannot depend on the testkit that provisions the database.
 */
class TenantDataDeletionServiceIntegrationTests {

    private static final TenantDataSchema SHOP = TenantDataSchema.named("shop")
            .shared("cities", "reference data of every tenant")
            .retained("tax_records", "tax law keeps them for 10 years");

    @RegisterExtension
    static final PostgresDatabaseExtension postgres = new PostgresDatabaseExtension();

    private static final Map<String, String> BATCHED =
            Map.of("deletion.batch-size", "100", "deletion.single-transaction-max-rows", "0");

    private static DataSource dataSource;

    private final List<String> batchLog = Collections.synchronizedList(new ArrayList<>());
    private final List<DeletionPlan> planLog = Collections.synchronizedList(new ArrayList<>());
    private volatile Consumer<String> onBatch = table -> {};
    private volatile BiConsumer<DeletionResult, DeletionContext> afterErased = (result, context) -> {};
    private volatile DataSource serviceDataSource;

    @BeforeAll
    static void createSchema() throws Exception {
        dataSource = postgres.dataSource();
        try (var connection = dataSource.getConnection()) {
            ScriptUtils.executeSqlScript(
                    connection,
                    new EncodedResource(new ClassPathResource("engine/shop-schema.sql")),
                    false,
                    false,
                    ScriptUtils.DEFAULT_COMMENT_PREFIX,
                    ScriptUtils.EOF_STATEMENT_SEPARATOR,
                    ScriptUtils.DEFAULT_BLOCK_COMMENT_START_DELIMITER,
                    ScriptUtils.DEFAULT_BLOCK_COMMENT_END_DELIMITER);
        }
    }

    @Test
    void derivesThePlanFromTheForeignKeys() {
        run(
                Map.of(),
                service -> assertThat(service.plan().deletionOrder())
                        .containsExactly("audit_notes", "order_lines", "orders", "customers"));
    }

    @Test
    void tellsTheListenersThePlanOnceAtStartUp() {
        run(Map.of(), service -> assertThat(planLog).containsExactly(service.plan()));
    }

    @Test
    void previewCountsWithoutChangingAnything() {
        UUID tenant = seed(10);
        var inspector = inspector();
        Map<String, String> before = inspector.checksums(tenant);

        run(Map.of(), service -> {
            DeletionPreview preview = service.preview(tenant);

            assertThat(preview.counts())
                    .containsExactly(
                            entry("audit_notes", 10L),
                            entry("order_lines", 10L),
                            entry("orders", 10L),
                            entry("customers", 10L));
            assertThat(preview.total()).isEqualTo(40);
            assertThat(preview.retained()).containsOnlyKeys("tax_records");
        });

        assertThat(inspector.checksums(tenant)).isEqualTo(before);
    }

    @Test
    void deletesASmallTenantInOneTransactionAndKeepsRetainedAndSharedRows() {
        UUID tenant = seed(10);
        UUID neighbour = seed(10);
        var inspector = inspector();
        Map<String, String> neighbourBefore = inspector.checksums(neighbour);
        Map<String, String> sharedBefore = inspector.sharedTableChecksums();

        run(Map.of(), service -> {
            DeletionResult result = service.delete(tenant);

            assertThat(result.success()).isTrue();
            assertThat(result.verified()).isTrue();
            assertThat(result.totalDeleted()).isEqualTo(40);
        });

        assertThat(batchLog).isEmpty();
        assertThat(inspector.rowCounts(tenant))
                .containsEntry("tax_records", 10L)
                .containsEntry("customers", 0L);
        assertThat(inspector.checksums(neighbour)).isEqualTo(neighbourBefore);
        assertThat(inspector.sharedTableChecksums()).isEqualTo(sharedBefore);
    }

    @Test
    void rollsBackEverythingWhenAStatementFailsInOneTransaction() {
        UUID tenant = seed(10);
        var inspector = inspector();
        Map<String, String> before = inspector.checksums(tenant);
        injectFault(tenant, "fail");

        run(Map.of(), service -> {
            DeletionResult result = service.delete(tenant);

            assertThat(result.success()).isFalse();
            assertThat(result.verified()).isFalse();
            assertThat(result.errors()).anySatisfy(error -> assertThat(error).contains("injected fault"));
        });

        assertThat(inspector.checksums(tenant)).isEqualTo(before);
    }

    @Test
    void deletesALargeTenantInCommittedBatches() {
        UUID tenant = seed(300);

        run(Map.of("deletion.batch-size", "100", "deletion.single-transaction-max-rows", "500"), service -> {
            DeletionResult result = service.delete(tenant);

            assertThat(result.success()).as(result.errors().toString()).isTrue();
            assertThat(result.deletedCounts())
                    .containsEntry("order_lines", 300L)
                    .containsEntry("customers", 300L);
        });

        assertThat(batchLog).hasSize(4 * 3).startsWith("audit_notes", "audit_notes", "audit_notes", "order_lines");
        assertThat(inspector().rowCounts(tenant)).containsEntry("orders", 0L);
    }

    @Test
    void aRunCutOffAfterCommittedBatchesIsCountedInFullByTheNextRunOfTheSameJob() {
        UUID tenant = seed(300);
        UUID job = UUID.randomUUID();
        onBatch = table -> {
            if (batchLog.size() == 2) {
                throw new IllegalStateException("connection lost after the second batch");
            }
        };

        run(BATCHED, service -> {
            DeletionResult cut = service.delete(tenant, jobContext(job));

            assertThat(cut.success()).isFalse();
            assertThat(cut.runDeletedCounts()).containsEntry("audit_notes", 200L);
            assertThat(ledgerSums(tenant, job))
                    .as("the ledger holds exactly the committed batches")
                    .containsExactly(entry("audit_notes", 200L));
            assertThat(inspector().rowCounts(tenant)).containsEntry("audit_notes", 100L);
            onBatch = table -> {};

            DeletionResult resumed = service.delete(tenant, jobContext(job));

            assertThat(resumed.success()).as(resumed.errors().toString()).isTrue();
            assertThat(resumed.jobId()).isEqualTo(job);
            assertThat(resumed.deletedCounts())
                    .as("what was there before the job's first run")
                    .containsExactly(
                            entry("audit_notes", 300L),
                            entry("order_lines", 300L),
                            entry("orders", 300L),
                            entry("customers", 300L));
            assertThat(resumed.runDeletedCounts())
                    .containsExactly(
                            entry("audit_notes", 100L),
                            entry("order_lines", 300L),
                            entry("orders", 300L),
                            entry("customers", 300L));
            assertThat(resumed.erasedBefore()).isNull();

            DeletionResult repeated = service.delete(tenant, jobContext(job));

            assertThat(repeated.success()).isTrue();
            assertThat(repeated.deletedCounts()).isEqualTo(resumed.deletedCounts());
            assertThat(repeated.runDeletedCounts().values()).containsOnly(0L);
            assertThat(repeated.runDeletedCounts())
                    .containsOnlyKeys(service.plan().deletionOrder());
            assertThat(repeated.erasedBefore()).isNull();

            UUID secondJob = UUID.randomUUID();
            DeletionResult second = service.delete(tenant, jobContext(secondJob));

            assertThat(second.success()).isTrue();
            assertThat(second.jobId()).isEqualTo(secondJob);
            assertThat(second.deletedCounts()).containsOnlyKeys(service.plan().deletionOrder());
            assertThat(second.deletedCounts().values()).containsOnly(0L);
            assertThat(second.runDeletedCounts().values()).containsOnly(0L);
            assertThat(second.erasedBefore()).isNotNull();
            assertThat(second.erasedBefore().jobId())
                    .as("the job that fenced the tenant")
                    .isEqualTo(job);
            assertThat(second.erasedBefore().fencedAt()).isEqualTo(fencedAt(tenant));
        });
    }

    @Test
    void aBatchWhoseLedgerRowCannotBeWrittenIsRolledBackWithIt() {
        UUID tenant = seed(300);
        UUID job = UUID.randomUUID();
        var jdbc = new JdbcTemplate(dataSource);
        jdbc.update("INSERT INTO public.ledger_faults (tenant_id, table_name) VALUES (?, 'orders')", tenant);

        run(BATCHED, service -> {
            installLedgerFault();
            DeletionResult failed = service.delete(tenant, jobContext(job));

            assertThat(failed.success()).isFalse();
            assertThat(failed.errors()).anySatisfy(error -> assertThat(error).contains("injected ledger fault"));
            assertThat(inspector().rowCounts(tenant))
                    .as("the batch of orders whose ledger row failed is still there")
                    .containsEntry("audit_notes", 0L)
                    .containsEntry("order_lines", 0L)
                    .containsEntry("orders", 300L)
                    .containsEntry("customers", 300L);
            assertThat(ledgerSums(tenant, job)).containsExactly(entry("audit_notes", 300L), entry("order_lines", 300L));
            jdbc.update("DELETE FROM public.ledger_faults WHERE tenant_id = ?", tenant);

            DeletionResult resumed = service.delete(tenant, jobContext(job));

            assertThat(resumed.success()).as(resumed.errors().toString()).isTrue();
            assertThat(resumed.deletedCounts().values()).containsOnly(300L);
            assertThat(resumed.runDeletedCounts())
                    .containsExactly(
                            entry("audit_notes", 0L),
                            entry("order_lines", 0L),
                            entry("orders", 300L),
                            entry("customers", 300L));
        });
    }

    @Test
    void aLedgerRowThatCannotBeWrittenRollsBackTheWholeSingleTransaction() {
        UUID tenant = seed(10);
        UUID job = UUID.randomUUID();
        var inspector = inspector();
        Map<String, String> before = inspector.checksums(tenant);
        new JdbcTemplate(dataSource)
                .update("INSERT INTO public.ledger_faults (tenant_id, table_name) VALUES (?, 'customers')", tenant);

        run(Map.of(), service -> {
            installLedgerFault();
            DeletionResult failed = service.delete(tenant, jobContext(job));

            assertThat(failed.success()).isFalse();
            assertThat(failed.deletedCounts().values()).containsOnly(0L);
        });

        assertThat(inspector.checksums(tenant)).isEqualTo(before);
        assertThat(ledgerSums(tenant, job)).isEmpty();
    }

    @Test
    void writesOneLedgerRowPerCommittedDeleteAndNoneForATableWithoutRows() {
        UUID tenant = seed(250);
        UUID job = UUID.randomUUID();
        new JdbcTemplate(dataSource).update("DELETE FROM shop.audit_notes WHERE tenant_id = ?", tenant);

        run(
                BATCHED,
                service -> assertThat(service.delete(tenant, jobContext(job)).success())
                        .isTrue());

        assertThat(new JdbcTemplate(dataSource)
                        .queryForList(
                                "SELECT table_name || ' ' || rows || ' ' || pass || ' ' || mode FROM shop.tenant_erasure_ledger"
                                        + " WHERE tenant_id = ? AND job_id = ? ORDER BY id",
                                String.class,
                                tenant,
                                job))
                .containsExactly(
                        "order_lines 100 1 batched",
                        "order_lines 100 1 batched",
                        "order_lines 50 1 batched",
                        "orders 100 1 batched",
                        "orders 100 1 batched",
                        "orders 50 1 batched",
                        "customers 100 1 batched",
                        "customers 100 1 batched",
                        "customers 50 1 batched");
    }

    @Test
    void deletesRowsWrittenPastTheFenceDuringTheRunInAFurtherPass() {
        UUID tenant = seed(300);
        UUID customer = UUID.randomUUID();
        onBatch = table -> {
            if (table.equals("orders") && batchLog.size() == 7) {
                insertLateOrderLine(tenant, customer);
            }
        };

        run(Map.of("deletion.batch-size", "100", "deletion.single-transaction-max-rows", "500"), service -> {
            DeletionResult result = service.delete(tenant);

            assertThat(result.success()).as(result.errors().toString()).isTrue();
            assertThat(result.verified()).isTrue();
            assertThat(result.deletedCounts())
                    .containsEntry("order_lines", 301L)
                    .containsEntry("orders", 301L)
                    .containsEntry("customers", 301L);
        });

        assertThat(inspector().totalRows(tenant)).isEqualTo(300);
    }

    @Test
    void failsNamingTheTableWhenRowsKeepArriving() {
        UUID tenant = seed(5);
        injectFault(tenant, "recreate");

        run(Map.of("deletion.max-passes", "2"), service -> {
            DeletionResult result = service.delete(tenant);

            assertThat(result.success()).isFalse();
            assertThat(result.verified()).isFalse();
            assertThat(result.remainingCounts()).containsOnlyKeys("audit_notes");
            assertThat(result.errors()).containsExactly("shop.audit_notes: 5 rows of the tenant remain after 2 passes");
        });
    }

    @Test
    void neverInterleavesTwoRunsForOneTenant() {
        UUID tenant = seed(200);
        var firstBatchCommitted = new CountDownLatch(1);
        onBatch = table -> {
            firstBatchCommitted.countDown();
            sleep(5);
        };

        run(Map.of("deletion.batch-size", "50", "deletion.single-transaction-max-rows", "100"), service -> {
            try (var executor = Executors.newFixedThreadPool(2)) {
                Future<DeletionResult> first = executor.submit(() -> service.delete(tenant));
                await(firstBatchCommitted);
                Future<DeletionResult> second = executor.submit(() -> service.delete(tenant));

                DeletionResult a = first.get(60, TimeUnit.SECONDS);
                DeletionResult b = second.get(60, TimeUnit.SECONDS);

                assertThat(a.success()).isTrue();
                assertThat(b.success()).isTrue();
                assertThat(a.totalDeleted()).isEqualTo(800);
                assertThat(b.totalDeleted())
                        .as("rows the second run found while the first held the tenant")
                        .isZero();
            } catch (InterruptedException | ExecutionException | TimeoutException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void failsWhenAnotherRunHoldsTheTenantForLongerThanTheLockTimeout() {
        UUID tenant = seed(200);
        var holding = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        onBatch = table -> {
            holding.countDown();
            await(release);
        };

        run(
                Map.of(
                        "deletion.batch-size",
                        "50",
                        "deletion.single-transaction-max-rows",
                        "100",
                        "deletion.lock-timeout",
                        "500ms"),
                service -> {
                    try (var executor = Executors.newSingleThreadExecutor()) {
                        Future<DeletionResult> first = executor.submit(() -> service.delete(tenant));
                        await(holding);
                        onBatch = table -> {};

                        DeletionResult second = service.delete(tenant);
                        release.countDown();

                        assertThat(second.success()).isFalse();
                        assertThat(second.errors()).singleElement().asString().contains("held its lock");
                        assertThat(first.get(60, TimeUnit.SECONDS).success()).isTrue();
                    } catch (InterruptedException | ExecutionException | TimeoutException e) {
                        throw new AssertionError(e);
                    }
                });
    }

    @Test
    void deletesExternalDataAlongsideTheRowsAndFailsNamingWhatCouldNotBeDeleted() {
        UUID tenant = seed(3);
        var artifacts = new ArtifactFiles(Map.of("model-a.bin", 100L, "model-b.bin", 50L));
        artifacts.stuck.add("model-b.bin");

        runWith(artifacts, Map.of(), service -> {
            assertThat(service.preview(tenant).external())
                    .containsEntry("artifact-files", new ExternalDataUsage(2, 150));

            DeletionResult result = service.delete(tenant);

            assertThat(result.success()).isFalse();
            assertThat(result.verified()).isFalse();
            assertThat(result.totalDeleted()).isEqualTo(12);
            assertThat(result.externalDeleted()).containsEntry("artifact-files", new ExternalDataUsage(1, 100));
            assertThat(result.errors())
                    .contains("cannot delete model-b.bin: permission denied")
                    .anySatisfy(error -> assertThat(error).contains("artifact-files: 1 items (50 bytes)"));

            artifacts.stuck.clear();
            DeletionResult retry = service.delete(tenant);
            assertThat(retry.success()).isTrue();
            assertThat(retry.externalDeleted()).containsEntry("artifact-files", new ExternalDataUsage(1, 50));
        });
        assertThat(inspector().rowCounts(tenant)).containsEntry("customers", 0L);
    }

    @Test
    void exportsExternalDataByteForByteUnderItsNameAfterTheTablesAndCountsItInTheManifest() {
        UUID tenant = seed(3);
        var artifacts = new ArtifactFiles(Map.of("model-a.bin", 100L, "./nested//model-b.bin", 50L));

        runWith(artifacts, Map.of(), service -> {
            Map<String, byte[]> entries = exported(service, tenant);

            assertThat(entries.keySet())
                    .containsExactly(
                            "customers.ndjson",
                            "orders.ndjson",
                            "order_lines.ndjson",
                            "audit_notes.ndjson",
                            "files/artifact-files/nested/model-b.bin",
                            "files/artifact-files/model-a.bin",
                            "export.json");
            assertThat(entries.get("files/artifact-files/model-a.bin"))
                    .isEqualTo(ArtifactFiles.content("model-a.bin", 100));
            assertThat(entries.get("files/artifact-files/nested/model-b.bin"))
                    .isEqualTo(ArtifactFiles.content("./nested//model-b.bin", 50));
            assertThat(new String(entries.get("export.json"), StandardCharsets.UTF_8))
                    .contains("\"files\":{\"files/artifact-files/nested/model-b.bin\":50,"
                            + "\"files/artifact-files/model-a.bin\":100}");
        });
    }

    @Test
    void abortsAnExportWhoseExternalDataNamesAPathOutsideItsFolder() {
        UUID tenant = seed(1);
        for (String escaping : List.of("../other-tenant/model.bin", "/etc/passwd", "a/../../b", "a\\b", "")) {
            var artifacts = new ArtifactFiles(Map.of(escaping, 3L));

            runWith(artifacts, Map.of(), service -> {
                var out = new ByteArrayOutputStream();
                try (TenantDataExport export = service.openExport(tenant)) {
                    assertThatThrownBy(() -> export.writeTo(out))
                            .as(escaping)
                            .isInstanceOf(TenantDataExportException.class)
                            .hasMessageContaining("external data artifact-files")
                            .rootCause()
                            .hasMessageContaining("refused export path");
                }
                assertThat(new String(out.toByteArray(), StandardCharsets.ISO_8859_1))
                        .as("no manifest")
                        .doesNotContain("export.json");
            });
        }
    }

    private static Map<String, byte[]> exported(TenantDataDeletionService service, UUID tenant) {
        var out = new ByteArrayOutputStream();
        try (TenantDataExport export = service.openExport(tenant)) {
            export.writeTo(out);
        }
        var entries = new LinkedHashMap<String, byte[]>();
        try (var zip = new ZipInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                entries.put(entry.getName(), zip.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    @Test
    void deletesExternalDataWhileTheRowsAreBeingDeleted() {
        UUID tenant = seed(30);
        var externalStarted = new CountDownLatch(1);
        var rowsWaitedForIt = new AtomicBoolean();
        var artifacts = new ArtifactFiles(Map.of("model.bin", 10L));
        artifacts.beforeDelete = externalStarted::countDown;
        // The first committed batch of rows waits until the files' deletion has begun: a run that
        // deleted files only after the rows would wait here in vain.
        onBatch = table -> {
            try {
                if (externalStarted.await(5, TimeUnit.SECONDS)) {
                    rowsWaitedForIt.set(true);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };

        runWith(artifacts, Map.of("deletion.single-transaction-max-rows", "0", "deletion.batch-size", "5"), service -> {
            DeletionResult result = service.delete(tenant);

            assertThat(result.success()).as(String.valueOf(result.errors())).isTrue();
            assertThat(result.externalDeleted()).containsEntry("artifact-files", new ExternalDataUsage(1, 10));
        });
        assertThat(rowsWaitedForIt)
                .as("files deleted while rows were being deleted")
                .isTrue();
    }

    @Test
    void callsTheAfterErasedHookOnceTheTenantIsVerifiedGoneAndNotAfterAFailedRun() {
        UUID tenant = seed(5);
        UUID failing = seed(5);
        injectFault(failing, "fail");
        var calls = Collections.synchronizedList(new ArrayList<String>());
        afterErased = (result, context) -> calls.add(result.tenantId() + " " + context.jobId() + " "
                + result.success() + " " + result.deletedCounts().get("customers") + " customers left: "
                + inspector().rowCounts(result.tenantId()).get("customers"));

        run(Map.of(), service -> {
            DeletionResult erased = service.delete(tenant, new DeletionContext("job-1", "orchestrator-service"));
            DeletionResult failed = service.delete(failing, new DeletionContext("job-2", "orchestrator-service"));

            assertThat(erased.success()).isTrue();
            assertThat(failed.success()).isFalse();
        });

        assertThat(calls).containsExactly(tenant + " job-1 true 5 customers left: 0");
    }

    @Test
    void failsTheRunNamingTheAfterErasedHookWhenItThrowsAndCallsItAgainOnTheNextRun() {
        UUID tenant = seed(5);
        var attempts = new AtomicInteger();
        afterErased = (result, context) -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("tombstone table is read-only");
            }
        };

        run(Map.of(), service -> {
            DeletionResult first = service.delete(tenant);

            assertThat(first.success()).isFalse();
            assertThat(first.verified()).isFalse();
            assertThat(first.errors())
                    .singleElement()
                    .asString()
                    .contains("after-erasure step of schema shop failed")
                    .contains("tombstone table is read-only");
            assertThat(first.deletedCounts()).containsEntry("customers", 5L);

            DeletionResult retry = service.delete(tenant);

            assertThat(retry.success()).isTrue();
            assertThat(retry.totalDeleted()).isZero();
        });

        assertThat(attempts).hasValue(2);
        assertThat(inspector().rowCounts(tenant)).containsEntry("customers", 0L);
    }

    @Test
    void theAfterErasedHookRunsOnTheRunsConnectionSoThatAPoolOfOneDoesNotDeadlock() {
        UUID tenant = seed(5);
        var config = new HikariConfig();
        config.setDataSource(dataSource);
        config.setMaximumPoolSize(1);
        config.setConnectionTimeout(500);
        config.setPoolName("pool-of-one");
        try (var poolOfOne = new HikariDataSource(config)) {
            serviceDataSource = poolOfOne;
            var seen = new AtomicLong(-1);
            afterErased = (result, context) -> seen.set(JdbcClient.create(poolOfOne)
                    .sql("SELECT count(*) FROM shop.customers WHERE tenant_id = ?")
                    .param(result.tenantId())
                    .query(Long.class)
                    .single());

            run(Map.of(), service -> {
                DeletionResult erased = service.delete(tenant);

                assertThat(erased.errors()).isEmpty();
                assertThat(erased.success()).isTrue();
            });

            assertThat(seen)
                    .as("customers the hook counted, on the run's connection")
                    .hasValue(0);
        } finally {
            serviceDataSource = null;
        }
    }

    /** A tenant's files kept in a map, as a service's external data; files in {@code stuck} cannot be deleted. */
    private static final class ArtifactFiles implements ExternalTenantData {

        private final Map<String, Long> files;
        private final Set<String> stuck = ConcurrentHashMap.newKeySet();
        private volatile Runnable beforeDelete = () -> {};

        ArtifactFiles(Map<String, Long> files) {
            this.files = new ConcurrentHashMap<>(files);
        }

        @Override
        public String name() {
            return "artifact-files";
        }

        @Override
        public ExternalDataUsage usage(UUID tenantId) {
            return new ExternalDataUsage(
                    files.size(),
                    files.values().stream().mapToLong(Long::longValue).sum());
        }

        @Override
        public ExternalDataDeletion delete(UUID tenantId) {
            beforeDelete.run();
            var failures = new ArrayList<String>();
            long bytes = 0;
            long items = 0;
            for (String file : List.copyOf(files.keySet())) {
                if (stuck.contains(file)) {
                    failures.add("cannot delete " + file + ": permission denied");
                } else {
                    bytes += files.remove(file);
                    items++;
                }
            }
            return new ExternalDataDeletion(new ExternalDataUsage(items, bytes), failures);
        }

        /** Each file's content is its name's bytes repeated up to its size. */
        @Override
        public void export(UUID tenantId, ExternalDataExport sink) throws IOException {
            for (var file : new TreeMap<>(files).entrySet()) {
                sink.write(
                        file.getKey(),
                        file.getValue(),
                        new ByteArrayInputStream(content(file.getKey(), file.getValue())));
            }
        }

        static byte[] content(String name, long size) {
            byte[] pattern = (name + "#").getBytes(StandardCharsets.UTF_8);
            byte[] content = new byte[Math.toIntExact(size)];
            for (int i = 0; i < content.length; i++) {
                content[i] = pattern[i % pattern.length];
            }
            return content;
        }
    }

    private void run(Map<String, String> properties, Consumer<TenantDataDeletionService> test) {
        runWith(null, properties, test);
    }

    private void runWith(
            ExternalTenantData external, Map<String, String> properties, Consumer<TenantDataDeletionService> test) {
        TenantDataDeletionListener recorder = new TenantDataDeletionListener() {
            @Override
            public void planDerived(DeletionPlan plan) {
                planLog.add(plan);
            }

            @Override
            public void batchCommitted(UUID tenantId, String table, long rows) {
                batchLog.add(table);
                onBatch.accept(table);
            }
        };
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FleetAutoConfiguration.class, coreAutoConfiguration()))
                .withPropertyValues("spring.application.name=shop-service")
                .withPropertyValues(properties.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new))
                .withBean(
                        DataSource.class,
                        () -> serviceDataSource != null ? serviceDataSource : new DelegatingDataSource(dataSource))
                .withBean(TenantDataDeletionListener.class, () -> recorder)
                .withBean(TenantDataDeletionService.class, () -> new TenantDataDeletionService(SHOP) {
                    @Override
                    protected List<ExternalTenantData> externalData() {
                        return external == null ? List.of() : List.of(external);
                    }

                    @Override
                    protected void afterErased(DeletionResult result, DeletionContext context) {
                        afterErased.accept(result, context);
                    }
                })
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    test.accept(((ConfigurableApplicationContext) context).getBean(TenantDataDeletionService.class));
                });
    }

    private static Class<?> coreAutoConfiguration() {
        try {
            return Class.forName("com.bakeryia.deletion.TenantDataDeletionAutoConfiguration");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DeletionContext jobContext(UUID job) {
        return new DeletionContext(job.toString(), "orchestrator-service");
    }

    /** The ledger's rows per table for the tenant and job, read straight from PostgreSQL, by table name. */
    private static Map<String, Long> ledgerSums(UUID tenant, UUID job) {
        var sums = new java.util.TreeMap<String, Long>();
        new JdbcTemplate(dataSource)
                .query(
                        "SELECT table_name, sum(rows) FROM shop.tenant_erasure_ledger WHERE tenant_id = ? AND job_id = ?"
                                + " GROUP BY table_name",
                        rs -> {
                            sums.put(rs.getString(1), rs.getLong(2));
                        },
                        tenant,
                        job);
        return sums;
    }

    private static java.time.Instant fencedAt(UUID tenant) {
        return new JdbcTemplate(dataSource)
                .queryForObject(
                        "SELECT fenced_at FROM shop.tenant_erasure_fence WHERE tenant_id = ?",
                        java.time.OffsetDateTime.class,
                        tenant)
                .toInstant();
    }

    /** Makes the ledger refuse the rows listed in public.ledger_faults (the ledger exists once a context started). */
    private static void installLedgerFault() {
        new JdbcTemplate(dataSource)
                .execute("CREATE OR REPLACE TRIGGER fail_ledger_insert BEFORE INSERT ON shop.tenant_erasure_ledger"
                        + " FOR EACH ROW EXECUTE FUNCTION public.fail_ledger_insert()");
    }

    private UUID seed(int rowsPerTable) {
        UUID tenant = UUID.randomUUID();
        new TenantDataGenerator(dataSource, "shop", tenant.getLeastSignificantBits())
                .generatePerTable(tenant, rowsPerTable);
        return tenant;
    }

    private SchemaInspector inspector() {
        return new SchemaInspector(dataSource, "shop");
    }

    private void injectFault(UUID tenant, String kind) {
        new JdbcTemplate(dataSource).update("INSERT INTO public.faults (tenant_id, kind) VALUES (?, ?)", tenant, kind);
    }

    /**
     * Writes with triggers off, as a logical replica or a restore with triggers disabled would, so the
     * rows bypass the erasure fence and only the run's verification can catch them.
     */
    private void insertLateOrderLine(UUID tenant, UUID customer) {
        UUID order = UUID.randomUUID();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            var jdbc = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
            jdbc.execute("SET LOCAL session_replication_role = replica");
            jdbc.update("INSERT INTO shop.customers (id, tenant_id, name) VALUES (?, ?, 'late')", customer, tenant);
            jdbc.update(
                    "INSERT INTO shop.orders (id, tenant_id, customer_id, total) VALUES (?, ?, ?, 1)",
                    order,
                    tenant,
                    customer);
            jdbc.update(
                    "INSERT INTO shop.order_lines (id, tenant_id, order_id, quantity) VALUES (?, ?, ?, 1)",
                    UUID.randomUUID(),
                    tenant,
                    order);
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
