package com.bakeryia.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bakeryia.deletion.DeletionContext;
import com.bakeryia.deletion.TenantDataDeletionService;
import com.bakeryia.deletion.TenantDataExport;
import com.bakeryia.deletion.TenantDataSchema;
import com.bakeryia.deletion.TenantErasureFence;
import com.bakeryia.deletion.api.DeletionResult;
import com.bakeryia.fleet.FleetAutoConfiguration;
import com.bakeryia.fleet.retention.RetentionAutoConfiguration;
import com.bakeryia.fleet.retention.RetentionPurgeRunner;
import com.bakeryia.testkit.postgres.ServiceRoles;
import com.bakeryia.testkit.postgres.TestDatabase;
import com.bakeryia.testkit.postgres.TestPostgres;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A service as the fleet runs it (issue 15): Flyway migrates as the schema's owner role, the service
 * runs as its runtime role (both made by scripts/db/roles.sql). The runtime role erases a tenant through
 * the fence and ledger the owner created, and can do nothing outside its schema's rows: no other
 * schema, no DDL, no write to Flyway's history.
 */
class LeastPrivilegeIntegrationTests {

    private static final String PERMISSION_DENIED = "42501";

    private static TestDatabase database;
    private static ServiceRoles orders;
    private static ServiceRoles inventory;

    @BeforeAll
    static void createRoles() {
        database = TestPostgres.server().createDatabase();
        orders = ServiceRoles.create(database, "orders");
        inventory = ServiceRoles.create(database, "inventory");
        new JdbcTemplate(inventory.ownerDataSource())
                .execute("CREATE TABLE inventory.stock (id uuid PRIMARY KEY, tenant_id uuid NOT NULL, amount int)");
        new JdbcTemplate(inventory.appDataSource())
                .update("INSERT INTO inventory.stock VALUES (?, ?, 3)", UUID.randomUUID(), UUID.randomUUID());
    }

    @AfterAll
    static void dropRoles() {
        if (orders != null) {
            orders.close();
        }
        if (inventory != null) {
            inventory.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void ordersRoleCannotReadInventorysTables() {
        var ordersApp = new JdbcTemplate(orders.appDataSource());
        var ordersOwner = new JdbcTemplate(orders.ownerDataSource());

        assertDenied(() -> ordersApp.queryForObject("SELECT count(*) FROM inventory.stock", Long.class));
        assertDenied(() -> ordersOwner.queryForObject("SELECT count(*) FROM inventory.stock", Long.class));
        assertDenied(() -> ordersApp.update("DELETE FROM inventory.stock"));
        assertThat(new JdbcTemplate(inventory.appDataSource())
                        .queryForObject("SELECT count(*) FROM inventory.stock", Long.class))
                .isEqualTo(1);
    }

    @Test
    void runtimeRolesCannotCreateTablesAnywhere() {
        var ordersApp = new JdbcTemplate(orders.appDataSource());

        assertDenied(() -> ordersApp.execute("CREATE TABLE orders.sneaky (id int)"));
        assertDenied(() -> ordersApp.execute("CREATE TABLE public.sneaky (id int)"));
        assertDenied(() -> ordersApp.execute("CREATE TEMPORARY TABLE sneaky (id int)"));
        assertDenied(() -> ordersApp.execute("CREATE SCHEMA sneaky"));
        assertDenied(
                () -> new JdbcTemplate(inventory.appDataSource()).execute("CREATE TABLE inventory.sneaky (id int)"));
        assertThat(new JdbcTemplate(orders.ownerDataSource())
                        .queryForObject(
                                "SELECT rolsuper OR rolcreaterole OR rolcreatedb FROM pg_roles"
                                        + " WHERE rolname = current_user",
                                Boolean.class))
                .isFalse();
    }

    @Test
    void runtimeRoleErasesThroughTheFenceAndLedgerTheOwnerCreatedAndCannotTouchTheHistory() {
        UUID erased = UUID.randomUUID();
        UUID neighbour = UUID.randomUUID();

        DeletionResult result = withOrdersService(List.of(), service -> {
            var app = new JdbcTemplate(orders.appDataSource());
            for (UUID tenant : List.of(erased, neighbour)) {
                UUID customer = UUID.randomUUID();
                app.update("INSERT INTO orders.customers VALUES (?, ?, 'c')", customer, tenant);
                app.update("INSERT INTO orders.orders (tenant_id, customer_id) VALUES (?, ?)", tenant, customer);
            }
            return service.delete(erased, new DeletionContext(UUID.randomUUID().toString(), "orchestrator-service"));
        });

        assertThat(result.success()).as(result.errors().toString()).isTrue();
        assertThat(result.deletedCounts()).containsEntry("customers", 1L).containsEntry("orders", 1L);
        var app = new JdbcTemplate(orders.appDataSource());
        assertThat(app.queryForList(
                        "SELECT tablename || ':' || tableowner FROM pg_tables WHERE schemaname = 'orders'"
                                + " ORDER BY tablename",
                        String.class))
                .containsExactly(
                        "customers:" + orders.owner(),
                        "flyway_schema_history:" + orders.owner(),
                        "orders:" + orders.owner(),
                        "tenant_erasure_fence:" + orders.owner(),
                        "tenant_erasure_ledger:" + orders.owner());
        assertThat(app.queryForObject(
                        "SELECT sum(rows) FROM orders.tenant_erasure_ledger WHERE tenant_id = ?", Long.class, erased))
                .isEqualTo(2);
        assertThatThrownBy(() ->
                        app.update("INSERT INTO orders.customers VALUES (?, ?, 'back')", UUID.randomUUID(), erased))
                .satisfies(e -> assertThat(sqlState(e)).isEqualTo(TenantErasureFence.WRITE_REFUSED));
        assertDenied(() -> app.update("DELETE FROM orders.flyway_schema_history"));
        assertDenied(() -> app.update("UPDATE orders.flyway_schema_history SET checksum = 0"));
        assertDenied(() -> app.execute("DROP TRIGGER tenant_erasure_fence_insert ON orders.customers"));
        assertDenied(() -> app.execute("ALTER TABLE orders.customers DISABLE TRIGGER tenant_erasure_fence_insert"));
        assertDenied(() -> app.execute("TRUNCATE orders.tenant_erasure_fence"));
    }

    @Test
    void runtimeRoleExportsTheTenantsRowsWithCopy() {
        UUID tenant = UUID.randomUUID();

        String customers = withOrdersService(List.of(), service -> {
            var app = new JdbcTemplate(orders.appDataSource());
            UUID customer = UUID.randomUUID();
            app.update("INSERT INTO orders.customers VALUES (?, ?, 'c')", customer, tenant);
            app.update("INSERT INTO orders.orders (tenant_id, customer_id) VALUES (?, ?)", tenant, customer);
            var archive = new ByteArrayOutputStream();
            try (TenantDataExport export = service.openExport(tenant)) {
                export.writeTo(archive);
            }
            try (var zip = new ZipInputStream(new ByteArrayInputStream(archive.toByteArray()))) {
                for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                    if (entry.getName().equals("customers.ndjson")) {
                        return new String(zip.readAllBytes(), StandardCharsets.UTF_8);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        });

        assertThat(customers).contains("\"tenant_id\":\"" + tenant + "\"").endsWith("\n");
    }

    @Test
    void runtimeRolePurgesFenceAndLedgerRowsPastTheirRetentionAndKeepsTheOthers() {
        UUID old = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        var app = new JdbcTemplate(orders.appDataSource());

        Map<String, Long> purged = withOrdersContext(List.of("deletion.retention.enabled=false"), context -> {
            var service = context.getBean(TenantDataDeletionService.class);
            for (UUID tenant : List.of(old, recent)) {
                UUID customer = UUID.randomUUID();
                app.update("INSERT INTO orders.customers VALUES (?, ?, 'c')", customer, tenant);
                service.delete(tenant, new DeletionContext(UUID.randomUUID().toString(), "orchestrator-service"));
            }
            app.update(
                    "UPDATE orders.tenant_erasure_fence SET fenced_at = now() - interval '3 years 1 day'"
                            + " WHERE tenant_id = ?",
                    old);
            app.update(
                    "UPDATE orders.tenant_erasure_ledger SET erased_at = now() - interval '1 year 1 day'"
                            + " WHERE tenant_id = ?",
                    old);
            return context.getBean(RetentionPurgeRunner.class).runOnce();
        });

        assertThat(purged).containsEntry("tenant-erasure-fence", 1L).containsEntry("tenant-erasure-ledger", 1L);
        assertThat(app.queryForList("SELECT tenant_id FROM orders.tenant_erasure_fence", UUID.class))
                .contains(recent)
                .doesNotContain(old);
        assertThat(app.queryForObject(
                        "SELECT count(*) FROM orders.tenant_erasure_ledger WHERE tenant_id = ?", Long.class, old))
                .isZero();
        assertThat(app.queryForObject(
                        "SELECT count(*) FROM orders.tenant_erasure_ledger WHERE tenant_id = ?", Long.class, recent))
                .isEqualTo(1);
        // Past its fence's retention an erased tenant's rows may be written again (documented).
        app.update("INSERT INTO orders.customers VALUES (?, ?, 'late')", UUID.randomUUID(), old);
        assertThatThrownBy(() ->
                        app.update("INSERT INTO orders.customers VALUES (?, ?, 'late')", UUID.randomUUID(), recent))
                .satisfies(e -> assertThat(sqlState(e)).isEqualTo(TenantErasureFence.WRITE_REFUSED));
    }

    @Test
    void refusesToStartAsASuperuserWhenToldToAndStartsAsTheRuntimeRole() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, databaseRoles()))
                .withPropertyValues(
                        "spring.datasource.url=" + database.jdbcUrl(),
                        "spring.datasource.username=" + database.username(),
                        "spring.datasource.password=" + database.password(),
                        "deletion.database.refuse-superuser=true")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .hasMessageContaining("a superuser, and deletion.database.refuse-superuser is true"));

        withOrdersService(List.of("deletion.database.refuse-superuser=true"), service -> null);
    }

    private static <T> T withOrdersService(List<String> properties, ServiceCall<T> call) {
        return withOrdersContext(properties, context -> call.apply(context.getBean(TenantDataDeletionService.class)));
    }

    private static <T> T withOrdersContext(List<String> properties, ContextCall<T> call) {
        var outcome = new ArrayList<T>(1);
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        DataSourceAutoConfiguration.class,
                        JdbcTemplateAutoConfiguration.class,
                        FlywayAutoConfiguration.class,
                        DataSourceTransactionManagerAutoConfiguration.class,
                        FleetAutoConfiguration.class,
                        RetentionAutoConfiguration.class,
                        databaseRoles(),
                        coreAutoConfiguration()))
                .withPropertyValues(
                        "spring.application.name=orders-service",
                        "spring.datasource.url=" + database.jdbcUrl(),
                        "spring.datasource.username=" + orders.app(),
                        "spring.datasource.password=" + orders.password(),
                        "spring.flyway.user=" + orders.owner(),
                        "spring.flyway.password=" + orders.password(),
                        "spring.flyway.schemas=orders",
                        "spring.flyway.default-schema=orders",
                        "spring.flyway.locations=classpath:engine/least-privilege")
                .withPropertyValues(properties.toArray(String[]::new))
                .withBean(
                        TenantDataDeletionService.class,
                        () -> new TenantDataDeletionService(TenantDataSchema.named("orders")) {})
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    outcome.add(call.apply((ConfigurableApplicationContext) context));
                });
        return outcome.get(0);
    }

    private static void assertDenied(ThrowingCallable statement) {
        assertThatThrownBy(statement).satisfies(e -> assertThat(sqlState(e)).isEqualTo(PERMISSION_DENIED));
    }

    private static String sqlState(Throwable thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return sql.getSQLState();
            }
        }
        throw new AssertionError("no SQLException in " + thrown, thrown);
    }

    private static Class<?> coreAutoConfiguration() {
        return type("com.bakeryia.deletion.TenantDataDeletionAutoConfiguration");
    }

    private static Class<?> databaseRoles() {
        return type("com.bakeryia.deletion.database.DatabaseRolesAutoConfiguration");
    }

    private static Class<?> type(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    @FunctionalInterface
    private interface ContextCall<T> {
        T apply(ConfigurableApplicationContext context) throws Exception;
    }

    @FunctionalInterface
    private interface ServiceCall<T> {
        T apply(TenantDataDeletionService service) throws Exception;
    }
}
