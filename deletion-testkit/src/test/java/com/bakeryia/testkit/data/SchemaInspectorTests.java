package com.bakeryia.testkit.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import com.bakeryia.testkit.postgres.PostgresDatabaseExtension;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

class SchemaInspectorTests {

    private static final String SCHEMA = "inspect_test";

    @RegisterExtension
    static final PostgresDatabaseExtension postgres = new PostgresDatabaseExtension();

    private static DataSource dataSource;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void createSchema() {
        dataSource = postgres.dataSource();
        jdbc = postgres.jdbc();
        TestSchemas.create(dataSource, SCHEMA, TestSchemas.ORDERS);
    }

    @Test
    void separatesTenantTablesFromSharedTablesAndIgnoresFlywayHistory() {
        SchemaInspector inspector = new SchemaInspector(dataSource, SCHEMA);

        assertThat(inspector.tenantTables())
                .containsExactly(
                        "categories",
                        "customer_settings",
                        "customers",
                        "order_items",
                        "order_status_history",
                        "orders",
                        "tenant_profile");
        assertThat(inspector.sharedTables()).containsExactly("cities");
    }

    @Test
    void ordersTheTenantTablesChildrenBeforeTheirParents() {
        List<String> order = new SchemaInspector(dataSource, SCHEMA).tenantTablesChildrenFirst();

        assertThat(order)
                .containsExactlyInAnyOrder(
                        "categories",
                        "customer_settings",
                        "customers",
                        "order_items",
                        "order_status_history",
                        "orders",
                        "tenant_profile");
        assertThat(order.indexOf("order_items")).isLessThan(order.indexOf("orders"));
        assertThat(order.indexOf("order_status_history")).isLessThan(order.indexOf("orders"));
        assertThat(order.indexOf("orders")).isLessThan(order.indexOf("customers"));
        assertThat(order.indexOf("customer_settings")).isLessThan(order.indexOf("customers"));
    }

    @Test
    void leavesTheErasureFenceOutAsTheGeneratorDoes() {
        TestSchemas.create(dataSource, "fenced_inspect", """
                CREATE TABLE customers (id uuid PRIMARY KEY, tenant_id uuid NOT NULL, name text NOT NULL);
                CREATE TABLE tenant_erasure_fence (
                    tenant_id uuid PRIMARY KEY, fenced_at timestamptz NOT NULL DEFAULT now(), job_id uuid);
                """);
        UUID erased = UUID.randomUUID();
        jdbc.update("INSERT INTO fenced_inspect.tenant_erasure_fence (tenant_id) VALUES (?)", erased);

        GeneratedTenant generated =
                new TenantDataGenerator(dataSource, "fenced_inspect", 4).generatePerTable(UUID.randomUUID(), 3);
        SchemaInspector inspector = new SchemaInspector(dataSource, "fenced_inspect");

        assertThat(generated.rowsPerTable()).containsOnlyKeys("customers");
        assertThat(inspector.tenantTables()).containsExactly("customers");
        assertThat(inspector.sharedTables()).isEmpty();
        assertThat(inspector.rowCounts(erased)).containsOnlyKeys("customers");
    }

    @Test
    void countsTheRowsOfOneTenantIncludingEmptyTables() {
        UUID tenant = UUID.randomUUID();
        UUID neighbour = UUID.randomUUID();
        new TenantDataGenerator(dataSource, SCHEMA, 1).generatePerTable(neighbour, 5);
        jdbc.update("INSERT INTO inspect_test.tenant_profile (tenant_id, display_name) VALUES (?, 'Bakery')", tenant);

        SchemaInspector inspector = new SchemaInspector(dataSource, SCHEMA);

        assertThat(inspector.rowCounts(tenant))
                .containsEntry("tenant_profile", 1L)
                .containsEntry("customers", 0L)
                .hasSize(7);
        assertThat(inspector.totalRows(tenant)).isEqualTo(1);
    }

    @Test
    void changesATenantsChecksumWhenOneOfItsRowsChangesOnly() {
        UUID tenant = UUID.randomUUID();
        UUID neighbour = UUID.randomUUID();
        new TenantDataGenerator(dataSource, SCHEMA, 2).generatePerTable(tenant, 10);
        new TenantDataGenerator(dataSource, SCHEMA, 3).generatePerTable(neighbour, 10);
        SchemaInspector inspector = new SchemaInspector(dataSource, SCHEMA);
        Map<String, String> before = inspector.checksums(tenant);

        jdbc.update(
                "UPDATE inspect_test.orders SET notes = 'changed' WHERE id = "
                        + "(SELECT id FROM inspect_test.orders WHERE tenant_id = ? LIMIT 1)",
                neighbour);

        assertThat(inspector.checksums(tenant)).isEqualTo(before);

        jdbc.update(
                "UPDATE inspect_test.orders SET notes = 'changed' WHERE id = "
                        + "(SELECT id FROM inspect_test.orders WHERE tenant_id = ? LIMIT 1)",
                tenant);

        Map<String, String> after = inspector.checksums(tenant);
        assertThat(after.get("orders")).isNotEqualTo(before.get("orders")).startsWith("10:");
        after.remove("orders");
        before.remove("orders");
        assertThat(after).isEqualTo(before);
    }

    @Test
    void changesASharedTableChecksumWhenASharedRowChanges() {
        SchemaInspector inspector = new SchemaInspector(dataSource, SCHEMA);
        Map<String, String> before = inspector.sharedTableChecksums();
        assertThat(before.get("cities")).startsWith("3:");

        jdbc.update("UPDATE inspect_test.cities SET name = name WHERE country = 'FR'");
        assertThat(inspector.sharedTableChecksums()).isEqualTo(before);

        jdbc.update("UPDATE inspect_test.cities SET name = 'Lyon 2' WHERE country = 'FR'");
        try {
            assertThat(inspector.sharedTableChecksums().get("cities")).isNotEqualTo(before.get("cities"));
        } finally {
            jdbc.update("UPDATE inspect_test.cities SET name = 'Lyon' WHERE country = 'FR'");
        }
    }

    @Test
    void findsRowsWhoseParentIsGoneAfterTheForeignKeyWasDropped() {
        String schema = "inspect_dangling";
        TestSchemas.create(dataSource, schema, TestSchemas.ORDERS);
        UUID tenant = UUID.randomUUID();
        new TenantDataGenerator(dataSource, schema, 4).generatePerTable(tenant, 5);
        SchemaInspector inspector = new SchemaInspector(dataSource, schema);
        assertThat(inspector.danglingReferences()).isEmpty();

        jdbc.execute("ALTER TABLE inspect_dangling.order_status_history"
                + " DROP CONSTRAINT order_status_history_order_id_fkey");
        UUID orphaned = jdbc.queryForObject(
                "SELECT order_id FROM inspect_dangling.order_status_history WHERE tenant_id = ? LIMIT 1",
                UUID.class,
                tenant);
        jdbc.update("DELETE FROM inspect_dangling.order_items WHERE order_id = ?", orphaned);
        jdbc.update("DELETE FROM inspect_dangling.orders WHERE id = ?", orphaned);

        assertThat(inspector.danglingReferences())
                .singleElement()
                .asString()
                .contains("inspect_dangling.order_status_history.order_status_history_order_id_fkey")
                .contains("-> inspect_dangling.orders (id)")
                .containsPattern("\\d+ row\\(s\\) reference no row")
                .contains(orphaned.toString());
    }

    @Test
    void refusesASchemaThatDoesNotExist() {
        assertThatIllegalStateException()
                .isThrownBy(() -> new SchemaInspector(dataSource, "no_such_schema"))
                .withMessageContaining("no_such_schema");
    }
}
