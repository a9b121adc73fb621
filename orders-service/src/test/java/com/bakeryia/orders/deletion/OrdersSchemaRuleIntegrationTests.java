package com.bakeryia.orders.deletion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bakeryia.deletion.SchemaRuleViolationException;
import com.bakeryia.orders.OrdersApplication;
import com.bakeryia.testkit.postgres.TestDatabase;
import com.bakeryia.testkit.postgres.TestPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

class OrdersSchemaRuleIntegrationTests {

    @Test
    void refusesToStartWhenATableReferencesTenantDataWithoutTenantId() {
        try (TestDatabase database = TestPostgres.server().createDatabase()) {
            var application = new SpringApplicationBuilder(OrdersApplication.class)
                    .web(WebApplicationType.NONE)
                    .properties(
                            "spring.datasource.url=" + database.jdbcUrl(),
                            "spring.datasource.username=" + database.username(),
                            "spring.datasource.password=" + database.password(),
                            "spring.flyway.locations=classpath:db/migration/orders,classpath:db/rogue");

            assertThatThrownBy(application::run)
                    .hasRootCauseInstanceOf(SchemaRuleViolationException.class)
                    .rootCause()
                    .hasMessageContaining("orders.order_notes")
                    .hasMessageContaining("no tenant_id column")
                    .hasMessageContaining("references tenant-owned [orders.customer_orders]");
        }
    }

    @Test
    void startsOnItsOwnMigrations() {
        try (TestDatabase database = TestPostgres.server().createDatabase();
                var context = new SpringApplicationBuilder(OrdersApplication.class)
                        .web(WebApplicationType.NONE)
                        .properties(
                                "spring.datasource.url=" + database.jdbcUrl(),
                                "spring.datasource.username=" + database.username(),
                                "spring.datasource.password=" + database.password())
                        .run()) {
            OrdersTenantDataDeletionService service = context.getBean(OrdersTenantDataDeletionService.class);

            assertThat(service.plan().deletionOrder())
                    .containsExactly("order_items", "order_status_history", "customer_orders", "customers");
        }
    }
}
