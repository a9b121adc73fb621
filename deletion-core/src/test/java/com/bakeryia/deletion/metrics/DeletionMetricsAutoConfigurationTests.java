package com.bakeryia.deletion.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.deletion.DeletionContext;
import com.bakeryia.deletion.DeletionPlan;
import com.bakeryia.deletion.TenantDataDeletionListener;
import com.bakeryia.deletion.api.DeletionResult;
import com.bakeryia.fleet.ServiceIdentity;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class DeletionMetricsAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DeletionMetricsAutoConfiguration.class))
            .withBean(ServiceIdentity.class, () -> new ServiceIdentity("orders-service"));

    @Test
    void recordsRowsPerTableDurationAndOutcome() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            var counts = new LinkedHashMap<String, Long>();
            counts.put("order_items", 40L);
            counts.put("customers", 10L);
            context.getBean(TenantDataDeletionListener.class)
                    .deletionFinished(
                            new DeletionResult(
                                    UUID.randomUUID(),
                                    null,
                                    "orders-service",
                                    false,
                                    counts,
                                    counts,
                                    List.of("orders.customers: 2 rows of the tenant remain after 3 passes"),
                                    false,
                                    120,
                                    Map.of("customers", 2L),
                                    Map.of(),
                                    null),
                            DeletionContext.none());

            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("bakery.deletion.rows.deleted")
                            .tags("service", "orders-service", "table", "order_items")
                            .counter()
                            .count())
                    .isEqualTo(40);
            assertThat(registry.get("bakery.deletion.residue.rows")
                            .tags("table", "customers")
                            .counter()
                            .count())
                    .isEqualTo(2);
            assertThat(registry.get("bakery.deletion.run")
                            .tags("service", "orders-service", "outcome", "failure")
                            .timer()
                            .count())
                    .isEqualTo(1);
        });
    }

    @Test
    void registersTheResidueOfEveryErasedTableAtZeroOnceThePlanIsDerived() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.find("bakery.deletion.residue.rows").counters()).isEmpty();

            context.getBean(TenantDataDeletionListener.class)
                    .planDerived(new DeletionPlan(
                            "orders",
                            List.of("order_items", "customer_orders", "customers"),
                            Map.of("invoices", "tax law"),
                            Set.of(),
                            Set.of()));

            assertThat(registry.find("bakery.deletion.residue.rows").counters())
                    .allSatisfy(counter -> {
                        assertThat(counter.getId().getTag("service")).isEqualTo("orders-service");
                        assertThat(counter.count()).isZero();
                    })
                    .extracting(counter -> counter.getId().getTag("table"))
                    .containsExactlyInAnyOrder("order_items", "customer_orders", "customers");
        });
    }

    @Test
    void recordsNothingWithoutAMeterRegistry() {
        runner.run(context -> assertThat(context).doesNotHaveBean(MicrometerDeletionMetrics.class));
    }

    @Test
    void recordsNothingWithoutMicrometer() {
        runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
                .run(context -> assertThat(context).doesNotHaveBean(MicrometerDeletionMetrics.class));
    }

    @Test
    void aMetricsListenerOfTheApplicationWins() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withBean(
                        "custom",
                        MicrometerDeletionMetrics.class,
                        () -> new MicrometerDeletionMetrics(
                                new SimpleMeterRegistry(), new ServiceIdentity("x-service")))
                .run(context -> assertThat(context)
                        .getBeanNames(MicrometerDeletionMetrics.class)
                        .containsExactly("custom"));
    }
}
