package com.bakeryia.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bakeryia.deletion.DeletionContext;
import com.bakeryia.deletion.TenantDataDeletionService;
import com.bakeryia.deletion.TenantDataSchema;
import com.bakeryia.deletion.TenantErasureFence;
import com.bakeryia.deletion.api.DeletionResult;
import com.bakeryia.fleet.FleetAutoConfiguration;
import com.bakeryia.testkit.postgres.AdvisoryLocks;
import com.bakeryia.testkit.postgres.PostgresDatabaseExtension;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The erasure fence on a real PostgreSQL: once a run has fenced a tenant, no write brings a row of
 * it back into an erased table, while other tenants, system rows and retained tables stay writable.
 */
class TenantErasureFenceIntegrationTests {

    private static final String SCHEMA_SQL = """
            CREATE SCHEMA %1$s;
            CREATE TABLE %1$s.cities (id int PRIMARY KEY, name text NOT NULL);
            CREATE TABLE %1$s.customers (
                id uuid PRIMARY KEY, tenant_id uuid NOT NULL, name text NOT NULL, UNIQUE (tenant_id, id));
            CREATE TABLE %1$s.orders (
                id uuid PRIMARY KEY, tenant_id uuid NOT NULL, customer_id uuid NOT NULL,
                FOREIGN KEY (tenant_id, customer_id) REFERENCES %1$s.customers (tenant_id, id));
            CREATE INDEX ON %1$s.orders (tenant_id, customer_id);
            CREATE TABLE %1$s.templates (id uuid PRIMARY KEY, tenant_id uuid, body text NOT NULL);
            CREATE INDEX ON %1$s.templates (tenant_id);
            CREATE TABLE %1$s.tombstones (tenant_id uuid PRIMARY KEY, erased_at timestamptz NOT NULL DEFAULT now());
            """;

    private static final String INSERT_CUSTOMER = "INSERT INTO fenced.customers (id, tenant_id, name) VALUES (?, ?, ?)";
    private static final String INSERT_ORDER =
            "INSERT INTO fenced.orders (id, tenant_id, customer_id) VALUES (?, ?, ?)";
    private static final String INSERT_TEMPLATE = "INSERT INTO fenced.templates (id, tenant_id, body) VALUES (?, ?, ?)";
    private static final String SELECT_FENCE_TRIGGERS = """
            SELECT c.relname || '.' || t.tgname
            FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = ? AND t.tgname LIKE 'tenant_erasure_fence%' AND t.tgenabled = 'O'
            ORDER BY 1
            """;

    @RegisterExtension
    static final PostgresDatabaseExtension postgres = new PostgresDatabaseExtension();

    private static DataSource dataSource;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void createSchema() {
        dataSource = postgres.dataSource();
        jdbc = new JdbcTemplate(dataSource);
        jdbc.execute(SCHEMA_SQL.formatted("fenced"));
    }

    @Test
    void refusesInsertsOfAnErasedTenantNamingTenantAndSchemaAndRecordsTheJob() {
        UUID erased = tenantWithRows();
        UUID neighbour = tenantWithRows();
        UUID job = UUID.randomUUID();

        DeletionResult result = withService(fenced(), Map.of(), service -> erase(service, erased, job));

        assertThat(result.deletedCounts()).containsEntry("customers", 1L).containsEntry("orders", 1L);
        assertThat(jdbc.queryForObject(
                        "SELECT job_id FROM fenced.tenant_erasure_fence WHERE tenant_id = ?", UUID.class, erased))
                .isEqualTo(job);
        assertRefused(() -> jdbc.update(INSERT_CUSTOMER, UUID.randomUUID(), erased, "back again"), erased);
        assertRefused(() -> jdbc.update(INSERT_TEMPLATE, UUID.randomUUID(), erased, "mine"), erased);
        jdbc.update(INSERT_CUSTOMER, UUID.randomUUID(), neighbour, "still welcome");
        assertThat(rows("customers", erased)).isZero();
        assertThat(rows("customers", neighbour)).isEqualTo(2);
    }

    @Test
    void refusesACopyHoldingOneRowOfAnErasedTenantAsAWhole() throws Exception {
        UUID erased = tenantWithRows();
        UUID neighbour = UUID.randomUUID();
        withService(fenced(), Map.of(), service -> erase(service, erased, null));
        var rows = new StringBuilder();
        for (int i = 0; i < 1_000; i++) {
            rows.append(UUID.randomUUID())
                    .append('\t')
                    .append(i == 500 ? erased : neighbour)
                    .append("\tc")
                    .append(i);
            rows.append('\n');
        }

        assertRefused(() -> copyCustomers(rows.toString()), erased);
        assertThat(rows("customers", neighbour)).isZero();

        assertThat(copyCustomers(rows.toString().replace(erased.toString(), neighbour.toString())))
                .isEqualTo(1_000);
    }

    @Test
    void refusesMovingARowIntoAnErasedTenantButNotOtherUpdates() {
        UUID erased = tenantWithRows();
        UUID neighbour = UUID.randomUUID();
        UUID customer = UUID.randomUUID();
        UUID template = UUID.randomUUID();
        jdbc.update(INSERT_CUSTOMER, customer, neighbour, "moving");
        jdbc.update(INSERT_TEMPLATE, template, neighbour, "to be shared");
        withService(fenced(), Map.of(), service -> erase(service, erased, null));

        assertRefused(
                () -> jdbc.update("UPDATE fenced.customers SET tenant_id = ? WHERE id = ?", erased, customer), erased);

        assertThat(jdbc.update(
                        "UPDATE fenced.customers SET name = 'renamed', tenant_id = tenant_id WHERE id = ?", customer))
                .isOne();
        assertThat(jdbc.update("UPDATE fenced.templates SET tenant_id = NULL WHERE id = ?", template))
                .isOne();
    }

    @Test
    void keepsSystemRowsAndRetainedTablesWritableForAnErasedTenant() {
        UUID erased = tenantWithRows();
        UUID systemTemplate = UUID.randomUUID();
        jdbc.update(INSERT_TEMPLATE, UUID.randomUUID(), null, "built in");
        withService(fenced(), Map.of(), service -> erase(service, erased, null));

        jdbc.update(INSERT_TEMPLATE, systemTemplate, null, "another built in");
        jdbc.update("INSERT INTO fenced.tombstones (tenant_id) VALUES (?)", erased);
        jdbc.update("INSERT INTO fenced.cities (id, name) VALUES (1, 'Cádiz')");

        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM fenced.templates WHERE id = ? AND tenant_id IS NULL",
                        Long.class,
                        systemTemplate))
                .isOne();
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM fenced.tombstones WHERE tenant_id = ?", Long.class, erased))
                .isOne();
    }

    @Test
    void previewDoesNotFence() {
        UUID tenant = tenantWithRows();

        withService(
                fenced(),
                Map.of(),
                service -> assertThat(service.preview(tenant).total()).isEqualTo(2));

        jdbc.update(INSERT_CUSTOMER, UUID.randomUUID(), tenant, "still writable");
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM fenced.tenant_erasure_fence WHERE tenant_id = ?", Long.class, tenant))
                .isZero();
    }

    @Test
    void waitsForAWriteInFlightWhenTheRunStartsAndErasesItsRows() throws Exception {
        UUID tenant = tenantWithRows();

        DeletionResult result = withService(fenced(), Map.of(), service -> {
            try (Connection writer = dataSource.getConnection();
                    var executor = Executors.newSingleThreadExecutor()) {
                writer.setAutoCommit(false);
                var writing = new JdbcTemplate(new SingleConnectionDataSource(writer, true));
                UUID customer = UUID.randomUUID();
                writing.update(INSERT_CUSTOMER, customer, tenant, "in flight");
                writing.update(INSERT_ORDER, UUID.randomUUID(), tenant, customer);

                Future<DeletionResult> run = executor.submit(() -> service.delete(tenant));
                AdvisoryLocks.awaitWaiter(dataSource, Duration.ofSeconds(30));
                assertThat(run).isNotDone();
                writer.commit();
                return run.get(30, TimeUnit.SECONDS);
            }
        });

        assertThat(result.success()).as(result.errors().toString()).isTrue();
        assertThat(result.deletedCounts()).containsEntry("customers", 2L).containsEntry("orders", 2L);

        assertThat(rows("customers", tenant)).isZero();
        assertThat(rows("orders", tenant)).isZero();
    }

    @Test
    void failsNamingTheWritesInFlightWhenTheyOutlastTheLockTimeoutAndFencesNothing() throws Exception {
        UUID tenant = tenantWithRows();

        try (Connection writer = dataSource.getConnection()) {
            writer.setAutoCommit(false);
            new JdbcTemplate(new SingleConnectionDataSource(writer, true))
                    .update(INSERT_CUSTOMER, UUID.randomUUID(), tenant, "slow");

            DeletionResult timedOut =
                    withService(fenced(), Map.of("deletion.lock-timeout", "300ms"), service -> service.delete(tenant));

            assertThat(timedOut.success()).isFalse();
            assertThat(timedOut.totalDeleted()).isZero();
            assertThat(timedOut.errors())
                    .containsExactly("writes of tenant " + tenant + " to schema fenced were still in flight after"
                            + " PT0.3S; the tenant is fenced once they end; retry later");
            writer.commit();
        }
        assertThat(rows("customers", tenant)).isEqualTo(2);

        DeletionResult retried = withService(fenced(), Map.of(), service -> service.delete(tenant));

        assertThat(retried.success()).isTrue();
        assertThat(retried.deletedCounts()).containsEntry("customers", 2L);
    }

    @Test
    void failsAWriterWhoseSnapshotPredatesTheFenceWithASerializationFailure() throws Exception {
        UUID erased = tenantWithRows();
        UUID neighbour = UUID.randomUUID();

        try (Connection writer = dataSource.getConnection()) {
            writer.setAutoCommit(false);
            writer.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            var writing = new JdbcTemplate(new SingleConnectionDataSource(writer, true));
            writing.queryForList("SELECT id FROM fenced.customers WHERE tenant_id = ?", erased);

            withService(fenced(), Map.of(), service -> erase(service, erased, null));

            assertThatThrownBy(() -> writing.update(INSERT_CUSTOMER, UUID.randomUUID(), erased, "from the past"))
                    .satisfies(e -> assertThat(sqlException(e).getSQLState()).isEqualTo("40001"));
            writer.rollback();

            writing.update(INSERT_CUSTOMER, UUID.randomUUID(), neighbour, "repeatable");
            assertRefused(() -> writing.update(INSERT_CUSTOMER, UUID.randomUUID(), erased, "retried"), erased);
            writer.rollback();
            writing.update(INSERT_CUSTOMER, UUID.randomUUID(), neighbour, "repeatable");
            writer.commit();
        }
        assertThat(rows("customers", neighbour)).isOne();
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM fenced.tenant_erasure_fence WHERE tenant_id = ?", Long.class, neighbour))
                .as("the probe of a repeatable read writer leaves no fence behind")
                .isZero();
    }

    @Test
    void installsTheFenceOnErasedTablesOnlyAndAgainAtEveryStartWithoutChange() {
        withService(fenced(), Map.of(), service -> null);
        List<String> first = jdbc.queryForList(SELECT_FENCE_TRIGGERS, String.class, "fenced");

        withService(fenced(), Map.of(), service -> null);

        assertThat(first)
                .containsExactly(
                        "customers.tenant_erasure_fence_insert",
                        "customers.tenant_erasure_fence_update",
                        "orders.tenant_erasure_fence_insert",
                        "orders.tenant_erasure_fence_update",
                        "templates.tenant_erasure_fence_insert",
                        "templates.tenant_erasure_fence_update");
        assertThat(jdbc.queryForList(SELECT_FENCE_TRIGGERS, String.class, "fenced"))
                .isEqualTo(first);
    }

    @Test
    void installsTheFenceOnceWhenInstancesStartTogether() throws Exception {
        jdbc.execute(SCHEMA_SQL.formatted("twins"));
        TenantDataSchema twins = TenantDataSchema.named("twins")
                .shared("cities", "reference data")
                .systemRows("templates", "built-in templates")
                .retained("tombstones", "proof of erasure");
        var start = new CountDownLatch(1);
        var instances = new ArrayList<Future<Boolean>>();
        try (var executor = Executors.newFixedThreadPool(3)) {
            for (int i = 0; i < 3; i++) {
                instances.add(executor.submit(() -> {
                    start.await();
                    return withService(twins, Map.of(), service -> true);
                }));
            }
            start.countDown();
            for (Future<Boolean> instance : instances) {
                assertThat(instance.get(60, TimeUnit.SECONDS)).isTrue();
            }
        }

        assertThat(jdbc.queryForList(SELECT_FENCE_TRIGGERS, String.class, "twins"))
                .hasSize(6)
                .doesNotHaveDuplicates()
                .noneMatch(trigger -> trigger.startsWith("tombstones") || trigger.startsWith("cities"));
        UUID erased = UUID.randomUUID();
        withService(twins, Map.of(), service -> erase(service, erased, null));
        assertRefused(
                () -> jdbc.update(INSERT_CUSTOMER.replace("fenced.", "twins."), UUID.randomUUID(), erased, "x"),
                erased,
                "twins");
    }

    @Test
    void removesTheFenceFromTablesDeclaredRetainedLater() {
        jdbc.execute(SCHEMA_SQL.formatted("reshaped"));
        withService(
                TenantDataSchema.named("reshaped")
                        .shared("cities", "reference data")
                        .systemRows("templates", "built-in templates")
                        .retained("tombstones", "proof of erasure"),
                Map.of(),
                service -> null);

        withService(
                TenantDataSchema.named("reshaped")
                        .shared("cities", "reference data")
                        .systemRows("templates", "built-in templates")
                        .retained("customers", "kept for the tax office")
                        .retained("orders", "kept for the tax office")
                        .retained("tombstones", "proof of erasure"),
                Map.of(),
                service -> null);

        assertThat(jdbc.queryForList(SELECT_FENCE_TRIGGERS, String.class, "reshaped"))
                .containsExactly("templates.tenant_erasure_fence_insert", "templates.tenant_erasure_fence_update");
    }

    private static TenantDataSchema fenced() {
        return TenantDataSchema.named("fenced")
                .shared("cities", "reference data")
                .systemRows("templates", "built-in templates")
                .retained("tombstones", "proof of erasure");
    }

    private static DeletionResult erase(TenantDataDeletionService service, UUID tenant, UUID job) {
        DeletionResult result = service.delete(
                tenant, new DeletionContext(job == null ? null : job.toString(), "orchestrator-service"));
        assertThat(result.success()).as(result.errors().toString()).isTrue();
        assertThat(result.verified()).isTrue();
        return result;
    }

    /** A tenant with one customer and one order. */
    private static UUID tenantWithRows() {
        UUID tenant = UUID.randomUUID();
        UUID customer = UUID.randomUUID();
        jdbc.update(INSERT_CUSTOMER, customer, tenant, "first");
        jdbc.update(INSERT_ORDER, UUID.randomUUID(), tenant, customer);
        return tenant;
    }

    private static long rows(String table, UUID tenant) {
        return jdbc.queryForObject("SELECT count(*) FROM fenced." + table + " WHERE tenant_id = ?", Long.class, tenant);
    }

    private static long copyCustomers(String rows) throws SQLException, java.io.IOException {
        try (Connection connection = dataSource.getConnection()) {
            return connection
                    .unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn("COPY fenced.customers (id, tenant_id, name) FROM STDIN", new StringReader(rows));
        }
    }

    private static void assertRefused(ThrowingCallable write, UUID tenant) {
        assertRefused(write, tenant, "fenced");
    }

    private static void assertRefused(ThrowingCallable write, UUID tenant, String schema) {
        assertThatThrownBy(write).satisfies(e -> {
            SQLException refusal = sqlException(e);
            assertThat(refusal.getSQLState()).isEqualTo(TenantErasureFence.WRITE_REFUSED);
            assertThat(refusal.getMessage())
                    .contains("tenant " + tenant + " has been erased from schema " + schema + ": writes are refused");
        });
    }

    private static SQLException sqlException(Throwable thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return sql;
            }
        }
        throw new AssertionError("no SQLException in " + thrown, thrown);
    }

    private static <T> T withService(
            TenantDataSchema declaration, Map<String, String> properties, ServiceCall<T> call) {
        var outcome = new ArrayList<T>(1);
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FleetAutoConfiguration.class, coreAutoConfiguration()))
                .withPropertyValues("spring.application.name=fenced-service")
                .withPropertyValues(properties.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new))
                .withBean(DataSource.class, () -> new DelegatingDataSource(dataSource))
                .withBean(TenantDataDeletionService.class, () -> new TenantDataDeletionService(declaration) {})
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    outcome.add(call.apply(
                            ((ConfigurableApplicationContext) context).getBean(TenantDataDeletionService.class)));
                });
        return outcome.get(0);
    }

    private static Class<?> coreAutoConfiguration() {
        try {
            return Class.forName("com.bakeryia.deletion.TenantDataDeletionAutoConfiguration");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    @FunctionalInterface
    private interface ServiceCall<T> {
        T apply(TenantDataDeletionService service) throws Exception;
    }
}
