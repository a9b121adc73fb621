package com.bakeryia.deletion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bakeryia.deletion.SchemaCatalog.ForeignKey;
import com.bakeryia.deletion.SchemaCatalog.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeletionPlannerTests {

    private final Map<String, Table> tables = new LinkedHashMap<>();
    private final List<ForeignKey> foreignKeys = new ArrayList<>();

    @Test
    void ordersChildrenBeforeParents() {
        tenantTable("customers");
        tenantTable("customer_orders");
        tenantTable("order_items");
        tenantTable("order_status_history");
        reference("customer_orders", "customers");
        reference("order_items", "customer_orders");
        reference("order_status_history", "customer_orders");

        DeletionPlan plan = plan(TenantDataSchema.named("orders"));

        assertThat(plan.deletionOrder())
                .containsExactly("order_items", "order_status_history", "customer_orders", "customers");
    }

    @Test
    void ordersDiamondsAndSeveralLevels() {
        tenantTable("a");
        tenantTable("b");
        tenantTable("c");
        tenantTable("d");
        reference("b", "a");
        reference("c", "a");
        reference("d", "b");
        reference("d", "c");

        List<String> order = plan(TenantDataSchema.named("s")).deletionOrder();

        assertThat(order.indexOf("d")).isLessThan(order.indexOf("b")).isLessThan(order.indexOf("a"));
        assertThat(order.indexOf("d")).isLessThan(order.indexOf("c"));
        assertThat(order.indexOf("c")).isLessThan(order.indexOf("a"));
    }

    @Test
    void keepsSharedTablesOutOfThePlanAndAllowsTenantRowsToReferenceThem() {
        tables.put("cities", new Table("cities", false, false, false, false));
        tenantTable("tenant_locations");
        reference("tenant_locations", "cities");

        DeletionPlan plan = plan(TenantDataSchema.named("external").shared("cities", "reference data"));

        assertThat(plan.deletionOrder()).containsExactly("tenant_locations");
        assertThat(plan.shared()).containsExactly("cities");
    }

    @Test
    void leavesRetainedTablesOutOfTheDeletionOrder() {
        tenantTable("invoices");
        tenantTable("orders");
        reference("orders", "invoices");

        DeletionPlan plan = plan(TenantDataSchema.named("s").retained("invoices", "tax law: 10 years"));

        assertThat(plan.deletionOrder()).containsExactly("orders");
        assertThat(plan.retained()).containsEntry("invoices", "tax law: 10 years");
    }

    @Test
    void refusesATableWithoutTenantIdThatReferencesTenantData() {
        tenantTable("customer_orders");
        tables.put("order_notes", new Table("order_notes", false, false, false, false));
        reference("order_notes", "customer_orders");

        assertViolation(
                TenantDataSchema.named("orders"),
                "table orders.order_notes has no tenant_id column and is not declared shared; it references"
                        + " tenant-owned [orders.customer_orders]");
    }

    @Test
    void refusesAnUndeclaredTableWithoutTenantId() {
        tables.put("lookup", new Table("lookup", false, false, false, false));

        assertViolation(
                TenantDataSchema.named("s"), "table s.lookup has no tenant_id column and is not declared shared");
    }

    @Test
    void refusesASharedTableThatReferencesTenantData() {
        tenantTable("customers");
        tables.put("cities", new Table("cities", false, false, false, false));
        reference("cities", "customers");

        assertViolation(
                TenantDataSchema.named("s").shared("cities", "reference"),
                "shared table s.cities references tenant-owned [s.customers]");
    }

    @Test
    void refusesATenantIdWithoutALeadingIndex() {
        tables.put("customers", new Table("customers", true, true, true, false));

        assertViolation(TenantDataSchema.named("s"), "table s.customers has no index whose first column is tenant_id");
    }

    @Test
    void refusesANullableTenantIdUnlessTheTableDeclaresSystemRows() {
        tables.put("templates", new Table("templates", true, true, false, true));

        assertViolation(TenantDataSchema.named("s"), "table s.templates allows a null tenant_id");
        assertThat(plan(TenantDataSchema.named("s").systemRows("templates", "built-in templates"))
                        .deletionOrder())
                .containsExactly("templates");
    }

    @Test
    void refusesATenantIdThatIsNotAUuid() {
        tables.put("customers", new Table("customers", true, false, true, true));

        assertViolation(
                TenantDataSchema.named("s"), "table s.customers has a tenant_id column that is not of type uuid");
    }

    @Test
    void refusesForeignKeyCyclesAndSelfReferences() {
        tenantTable("a");
        tenantTable("b");
        reference("a", "b");
        reference("b", "a");

        assertViolation(TenantDataSchema.named("s"), "foreign keys form a cycle among [s.a, s.b]");

        tables.clear();
        foreignKeys.clear();
        tenantTable("categories");
        reference("categories", "categories");

        assertViolation(TenantDataSchema.named("s"), "foreign keys form a cycle among [s.categories]");
    }

    @Test
    void refusesForeignKeysAcrossSchemas() {
        tenantTable("orders");
        foreignKeys.add(new ForeignKey("orders_product_fk", "s", "orders", "inventory", "products", 'a', List.of("x")));

        assertViolation(
                TenantDataSchema.named("s"), "orders_product_fk (s.orders -> inventory.products) crosses schemas");
    }

    @Test
    void refusesACascadeThatCouldReachAnotherTenant() {
        tenantTable("customers");
        tenantTable("orders");
        foreignKeys.add(
                new ForeignKey("orders_customer_fk", "s", "orders", "s", "customers", 'c', List.of("customer_id")));

        assertViolation(TenantDataSchema.named("s"), "acts ON DELETE without tenant_id among its columns");

        foreignKeys.clear();
        foreignKeys.add(new ForeignKey(
                "orders_customer_fk", "s", "orders", "s", "customers", 'c', List.of("tenant_id", "customer_id")));

        assertThat(plan(TenantDataSchema.named("s")).deletionOrder()).containsExactly("orders", "customers");
    }

    @Test
    void refusesARetainedTableThatDependsOnErasedRows() {
        tenantTable("customers");
        tenantTable("invoices");
        reference("invoices", "customers");

        assertViolation(
                TenantDataSchema.named("s").retained("invoices", "tax law"),
                "retained table s.invoices references erased table s.customers");
    }

    @Test
    void refusesDeclarationsOfMissingTablesAndSharedTablesWithTenantId() {
        tenantTable("customers");

        assertViolation(
                TenantDataSchema.named("s").shared("citiez", "typo"), "table s.citiez is declared but does not exist");
        assertViolation(
                TenantDataSchema.named("s").shared("customers", "wrong"),
                "table s.customers is declared shared but has a tenant_id column");
    }

    @Test
    void refusesAMissingSchema() {
        assertThatThrownBy(() -> DeletionPlanner.plan(
                        TenantDataSchema.named("orders"), new SchemaCatalog("orders", false, Map.of(), List.of())))
                .isInstanceOf(SchemaRuleViolationException.class)
                .hasMessageContaining("schema orders does not exist");
    }

    @Test
    void namesEveryViolationAtOnce() {
        tables.put("a", new Table("a", true, true, true, false));
        tables.put("b", new Table("b", false, false, false, false));

        assertThatThrownBy(() -> plan(TenantDataSchema.named("s")))
                .isInstanceOfSatisfying(
                        SchemaRuleViolationException.class,
                        e -> assertThat(e.violations()).hasSize(2));
    }

    private void tenantTable(String name) {
        tables.put(name, new Table(name, true, true, true, true));
    }

    private void reference(String child, String parent) {
        foreignKeys.add(new ForeignKey(
                child + "_" + parent + "_fk", "s", child, "s", parent, 'a', List.of("tenant_id", parent + "_id")));
    }

    private DeletionPlan plan(TenantDataSchema declaration) {
        return DeletionPlanner.plan(declaration, catalog(declaration.schema()));
    }

    private SchemaCatalog catalog(String schema) {
        List<ForeignKey> keys = foreignKeys.stream()
                .map(fk -> new ForeignKey(
                        fk.name(),
                        inSchema(fk.childSchema(), schema),
                        fk.child(),
                        inSchema(fk.parentSchema(), schema),
                        fk.parent(),
                        fk.onDelete(),
                        fk.childColumns()))
                .toList();
        return new SchemaCatalog(schema, true, tables, keys);
    }

    private static String inSchema(String placeholder, String schema) {
        return placeholder.equals("s") ? schema : placeholder;
    }

    private void assertViolation(TenantDataSchema declaration, String expected) {
        assertThatThrownBy(() -> plan(declaration))
                .isInstanceOfSatisfying(
                        SchemaRuleViolationException.class,
                        e -> assertThat(e.violations())
                                .anySatisfy(violation -> assertThat(violation).contains(expected)));
    }
}
