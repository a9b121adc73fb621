package com.bakeryia.orders.deletion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bakeryia.deletion.SchemaRuleViolationException;
import com.bakeryia.orders.OrdersApplication;
import com.bakeryia.testkit.postgres.TestDatabase;
import com.bakeryia.testkit.postgres.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class OrdersSchemaRuleIntegrationTests {

    @Test
    void refusesToStartWhenATableReferencesTenantDataWithoutTenantId(CapturedOutput output) {
        try (TestDatabase database = TestPostgres.server().createDatabase()) {
            var application = new SpringApplicationBuilder(OrdersApplication.class).web(WebApplicationType.NONE);
            String[] arguments = {
                "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--spring.flyway.locations=classpath:db/migration/orders,classpath:db/rogue"
            };

            assertThatThrownBy(() -> application.run(arguments))
                    .isInstanceOf(SchemaRuleViolationException.class)
                    .hasMessageContaining("table orders.order_notes has no tenant_id column and is not declared shared;"
                            + " it references tenant-owned [orders.customer_orders]");
            assertThat(output)
                    .contains("APPLICATION FAILED TO START")
                    .contains("Give every table that holds tenant data a 'tenant_id uuid NOT NULL' column");
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
