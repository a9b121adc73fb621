package com.bakeryia.testkit.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import com.bakeryia.testkit.postgres.PostgresDatabaseExtension;
import com.bakeryia.testkit.postgres.TestDatabase;
import com.bakeryia.testkit.postgres.TestPostgres;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;

class TenantDataGeneratorTests {

    private static final String SCHEMA = "gen_test";
    private static final List<String> TENANT_TABLES = List.of(
            "categories",
            "customers",
            "tenant_profile",
            "customer_settings",
            "orders",
            "order_items",
            "order_status_history");

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
    void fillsEveryTenantTableParentsFirstAndReportsWhatItWrote() {
        UUID tenant = UUID.randomUUID();

        GeneratedTenant generated = generator(1).generatePerTable(tenant, 40);

        assertThat(generated.tenantId()).isEqualTo(tenant);
        assertThat(generated.rowsPerTable()).containsOnlyKeys(TENANT_TABLES);
        assertThat(List.copyOf(generated.rowsPerTable().keySet()))
                .containsSubsequence("customers", "orders", "order_items")
                .containsSubsequence("customers", "customer_settings")
                .containsSubsequence("orders", "order_status_history");
        assertThat(generated.rowsPerTable()).containsEntry("orders", 40L).containsEntry("order_items", 40L);
        assertThat(new SchemaInspector(dataSource, SCHEMA).rowCounts(tenant)).isEqualTo(generated.rowsPerTable());
        assertThat(generated.total()).isEqualTo(rowsOf(tenant));
    }

    @Test
    void fillsChildTablesWithParentsOfTheSameTenant() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();

        generator(2).generatePerTable(first, 30);
        generator(2).generatePerTable(second, 30);

        assertThat(count("""
                        SELECT count(*) FROM gen_test.order_status_history h
                        JOIN gen_test.orders o ON o.id = h.order_id WHERE o.tenant_id <> h.tenant_id
                        """)).isZero();
        assertThat(count("""
                        SELECT count(*) FROM gen_test.categories c
                        JOIN gen_test.categories p ON p.id = c.parent_id WHERE p.tenant_id <> c.tenant_id
                        """)).isZero();
        assertThat(count("""
                        SELECT count(*) FROM gen_test.order_items i
                        JOIN gen_test.orders o ON o.id = i.order_id WHERE o.tenant_id <> i.tenant_id
                        """)).isZero();
        assertThat(count("SELECT count(*) FROM gen_test.customers WHERE city_id IS NULL"))
                .isZero();
        assertThat(new SchemaInspector(dataSource, SCHEMA).danglingReferences()).isEmpty();
    }

    @Test
    void takesValuesThatCheckConstraintsAllow() {
        UUID tenant = UUID.randomUUID();

        generator(3).generatePerTable(tenant, 200);

        assertThat(strings("SELECT DISTINCT status FROM gen_test.orders WHERE tenant_id = ?", tenant))
                .isSubsetOf("NEW", "PAID", "SHIPPED", "DELIVERED", "CANCELLED")
                .hasSizeGreaterThan(1);
        assertThat(strings("SELECT DISTINCT segment FROM gen_test.customers WHERE tenant_id = ?", tenant))
                .isSubsetOf("RETAIL", "WHOLESALE", "CAFE");
        assertThat(count("SELECT count(*) FROM gen_test.customers WHERE rating NOT BETWEEN 1 AND 5"))
                .isZero();
        assertThat(count("SELECT count(*) FROM gen_test.orders WHERE delivered_at < ordered_at"))
                .isZero();
        assertThat(count("SELECT count(*) FROM gen_test.categories WHERE valid_to <= valid_from"))
                .isZero();
    }

    @Test
    void fillsNullableColumnsWithValuesThatFitTheirType() {
        UUID tenant = UUID.randomUUID();

        generator(4).generatePerTable(tenant, 50);

        assertThat(count(
                        "SELECT count(*) FROM gen_test.customers WHERE tenant_id = ?"
                                + " AND credit_limit IS NOT NULL AND tags IS NOT NULL AND preferences ->> 'n' IS NOT NULL",
                        tenant))
                .isEqualTo(50);
        assertThat(count("SELECT count(*) FROM gen_test.customers WHERE tenant_id = ? AND length(name) <= 20", tenant))
                .isEqualTo(50);
        assertThat(count(
                        "SELECT count(DISTINCT email) FROM gen_test.customers WHERE tenant_id = ?"
                                + " AND email ~ '^[a-z0-9.]+@example\\.test$'",
                        tenant))
                .isEqualTo(50);
        assertThat(count(
                        "SELECT count(*) FROM gen_test.tenant_profile WHERE tenant_id = ?"
                                + " AND logo IS NOT NULL AND allowed_ips IS NOT NULL",
                        tenant))
                .isEqualTo(1);
        assertThat(count(
                        "SELECT count(*) FROM gen_test.order_items WHERE tenant_id = ?"
                                + " AND unit_price >= 0 AND quantity > 0 AND line_number > 0",
                        tenant))
                .isEqualTo(50);
    }

    @Test
    void generatesExactlyTheRequestedTotalWithAtLeastOneRowPerTable() {
        for (long total : List.of(7L, 100L, 2_345L)) {
            UUID tenant = UUID.randomUUID();

            GeneratedTenant generated = generator(5).generate(tenant, total);

            assertThat(generated.total()).as("total %d", total).isEqualTo(total);
            assertThat(generated.rowsPerTable().values())
                    .allSatisfy(rows -> assertThat(rows).isPositive());
            assertThat(rowsOf(tenant)).isEqualTo(total);
        }
    }

    @Test
    void givesDeeperTablesMoreRows() {
        GeneratedTenant generated = generator(6).generate(UUID.randomUUID(), 10_000);

        Map<String, Long> rows = generated.rowsPerTable();
        assertThat(rows.get("orders")).isGreaterThan(rows.get("customers"));
        assertThat(rows.get("order_items")).isGreaterThan(rows.get("orders"));
        assertThat(rows.get("order_status_history")).isGreaterThan(rows.get("orders"));
    }

    @Test
    void limitsTablesToTheRowsTheirUniqueKeysAllow() {
        UUID tenant = UUID.randomUUID();

        GeneratedTenant generated = generator(7).generatePerTable(tenant, 25);

        assertThat(generated.rowsPerTable())
                .containsEntry("tenant_profile", 1L)
                .containsEntry("customer_settings", 25L);
        GeneratedTenant small = generator(7).generate(UUID.randomUUID(), 60);
        assertThat(small.rowsPerTable().get("customer_settings"))
                .isLessThanOrEqualTo(small.rowsPerTable().get("customers"));
        assertThat(small.total()).isEqualTo(60);
    }

    @Test
    void countsDependOnlyOnTheSchemaAndArguments() {
        GeneratedTenant first = generator(8).generate(UUID.randomUUID(), 777);
        GeneratedTenant second = generator(9).generate(UUID.randomUUID(), 777);

        assertThat(second.rowsPerTable()).isEqualTo(first.rowsPerTable());
    }

    @Test
    void writesTheSameRowsForTheSameSeedAndTenant() {
        UUID tenant = UUID.randomUUID();
        try (TestDatabase other = TestPostgres.server().createDatabase()) {
            TestSchemas.create(other.dataSource(), SCHEMA, TestSchemas.ORDERS);

            new TenantDataGenerator(other.dataSource(), SCHEMA, 42).generatePerTable(tenant, 20);
            generator(42).generatePerTable(tenant, 20);

            Map<String, String> here = new SchemaInspector(dataSource, SCHEMA).checksums(tenant);
            Map<String, String> there = new SchemaInspector(other.dataSource(), SCHEMA).checksums(tenant);
            here.keySet().removeAll(List.of("order_items", "order_status_history"));
            there.keySet().removeAll(List.of("order_items", "order_status_history"));
            assertThat(here).isEqualTo(there);
        }
    }

    @Test
    void allocatesSerialAndIdentityValuesFromTheirSequences() {
        UUID tenant = UUID.randomUUID();

        generator(10).generatePerTable(tenant, 30);
        jdbc.update(
                "INSERT INTO gen_test.order_items (tenant_id, order_id, line_number, product_code, quantity, unit_price)"
                        + " SELECT tenant_id, order_id, 1000, 'X', 1, 1 FROM gen_test.order_items WHERE tenant_id = ? LIMIT 1",
                tenant);
        jdbc.update(
                "INSERT INTO gen_test.order_status_history (tenant_id, order_id, status, changed_at)"
                        + " SELECT tenant_id, order_id, 'NEW', now() FROM gen_test.order_status_history"
                        + " WHERE tenant_id = ? LIMIT 1",
                tenant);

        assertThat(count("SELECT count(*) FROM gen_test.order_items WHERE tenant_id = ?", tenant))
                .isEqualTo(31);
        assertThat(count("SELECT count(*) FROM gen_test.order_status_history WHERE tenant_id = ?", tenant))
                .isEqualTo(31);
    }

    @Test
    void refusesASharedParentWithoutRowsNamingIt() {
        TestSchemas.create(dataSource, "gen_empty_shared", """
                CREATE TABLE regions (id int PRIMARY KEY);
                CREATE TABLE shops (id uuid PRIMARY KEY, tenant_id uuid NOT NULL, region_id int NOT NULL REFERENCES regions);
                """);

        assertThatIllegalStateException()
                .isThrownBy(() -> new TenantDataGenerator(dataSource, "gen_empty_shared", 1)
                        .generatePerTable(UUID.randomUUID(), 3))
                .withMessageContaining("gen_empty_shared.regions has no rows")
                .withMessageContaining("gen_empty_shared.shops");
    }

    @Test
    void referencesTheTenantsOwnRowOfASharedTableKeyedByTenant() {
        TestSchemas.create(dataSource, "gen_tenancy", """
                CREATE TABLE tenants (id uuid PRIMARY KEY, name text NOT NULL);
                CREATE TABLE tenant_members (
                    id uuid PRIMARY KEY,
                    tenant_id uuid NOT NULL REFERENCES tenants (id),
                    user_id uuid NOT NULL,
                    role varchar(10) NOT NULL CHECK (role IN ('OWNER', 'ADMIN', 'MEMBER')),
                    UNIQUE (tenant_id, user_id));
                """);
        UUID known = UUID.randomUUID();
        UUID unknown = UUID.randomUUID();
        jdbc.update("INSERT INTO gen_tenancy.tenants VALUES (?, 'Known'), (?, 'Other')", known, UUID.randomUUID());
        TenantDataGenerator generator = new TenantDataGenerator(dataSource, "gen_tenancy", 1);

        assertThat(generator.generatePerTable(known, 4).rowsPerTable()).containsEntry("tenant_members", 4L);
        assertThatIllegalStateException()
                .isThrownBy(() -> generator.generatePerTable(unknown, 4))
                .withMessageContaining("gen_tenancy.tenants has no rows for tenant " + unknown);
    }

    @Test
    void choosesParentsThatAgreeWithColumnsSharedByTwoForeignKeys() {
        TestSchemas.create(dataSource, "gen_overlap", """
                CREATE TABLE products (id uuid PRIMARY KEY, tenant_id uuid NOT NULL, UNIQUE (tenant_id, id));
                CREATE TABLE batches (
                    id uuid PRIMARY KEY, tenant_id uuid NOT NULL, product_id uuid NOT NULL,
                    UNIQUE (tenant_id, id, product_id),
                    FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id));
                CREATE TABLE movements (
                    id bigserial PRIMARY KEY, tenant_id uuid NOT NULL, product_id uuid NOT NULL, batch_id uuid NOT NULL,
                    CONSTRAINT a_product FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id),
                    CONSTRAINT b_batch FOREIGN KEY (tenant_id, batch_id, product_id)
                        REFERENCES batches (tenant_id, id, product_id));
                """);

        GeneratedTenant generated =
                new TenantDataGenerator(dataSource, "gen_overlap", 1).generate(UUID.randomUUID(), 500);

        assertThat(generated.total()).isEqualTo(500);
        assertThat(new SchemaInspector(dataSource, "gen_overlap").danglingReferences())
                .isEmpty();
    }

    @Test
    void refusesAColumnTypeItCannotFillNamingTheColumn() {
        TestSchemas.create(
                dataSource,
                "gen_unsupported",
                "CREATE TABLE places (id uuid PRIMARY KEY, tenant_id uuid NOT NULL, spot point NOT NULL);");

        assertThatIllegalStateException()
                .isThrownBy(() -> new TenantDataGenerator(dataSource, "gen_unsupported", 1)
                        .generatePerTable(UUID.randomUUID(), 3))
                .withMessageContaining("gen_unsupported.places.spot")
                .withMessageContaining("point");
    }

    @Test
    void leavesNoRowBehindWhenATableCannotBeFilled() {
        TestSchemas.create(dataSource, "gen_rollback", """
                CREATE TABLE shops (id uuid PRIMARY KEY, tenant_id uuid NOT NULL, UNIQUE (tenant_id, id));
                CREATE TABLE tills (
                    id uuid PRIMARY KEY,
                    tenant_id uuid NOT NULL,
                    shop_id uuid NOT NULL,
                    code text NOT NULL CHECK (char_length(code) = 3),
                    FOREIGN KEY (tenant_id, shop_id) REFERENCES shops (tenant_id, id));
                """);
        UUID tenant = UUID.randomUUID();

        assertThatIllegalStateException()
                .isThrownBy(() -> new TenantDataGenerator(dataSource, "gen_rollback", 1).generatePerTable(tenant, 3))
                .withMessageContaining("gen_rollback.tills");
        assertThat(count("SELECT count(*) FROM gen_rollback.shops")).isZero();
    }

    @Test
    void refusesNegativeCounts() {
        TenantDataGenerator generator = generator(11);

        assertThatIllegalArgumentException().isThrownBy(() -> generator.generate(UUID.randomUUID(), -1));
        assertThatIllegalArgumentException().isThrownBy(() -> generator.generatePerTable(UUID.randomUUID(), -1));
    }

    private static TenantDataGenerator generator(long seed) {
        return new TenantDataGenerator(dataSource, SCHEMA, seed);
    }

    private static long rowsOf(UUID tenant) {
        return new SchemaInspector(dataSource, SCHEMA).totalRows(tenant);
    }

    private static long count(String sql, Object... arguments) {
        Long count = jdbc.queryForObject(sql, Long.class, arguments);
        return count == null ? 0 : count;
    }

    private static List<String> strings(String sql, Object... arguments) {
        return jdbc.queryForList(sql, String.class, arguments);
    }
}
