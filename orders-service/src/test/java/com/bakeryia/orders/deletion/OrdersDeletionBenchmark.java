package com.bakeryia.orders.deletion;

import com.bakeryia.deletion.TenantDataDeletionService;
import com.bakeryia.deletion.api.DeletionResult;
import com.bakeryia.orders.OrdersApplication;
import com.bakeryia.testkit.data.SchemaInspector;
import com.bakeryia.testkit.data.TenantDataGenerator;
import com.bakeryia.testkit.postgres.TestDatabase;
import com.bakeryia.testkit.postgres.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Erases a large orders tenant through {@link TenantDataDeletionService} (advisory lock, size probe,
 * committed batches, verification) and an identical one by plain SQL (one DELETE per table, children
 * first, one transaction), alternating which goes first, on a fresh database with neighbour tenants
 * present. Prints each round, the medians and their ratio. Run by {@code scripts/bench orders}; not
 * a test.
 *
 * <p>Arguments: {@code [rows per tenant, default 200000] [rounds, default 5] [neighbours, default 3]}.
 */
public final class OrdersDeletionBenchmark {

    private OrdersDeletionBenchmark() {}

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int neighbours = args.length > 2 ? Integer.parseInt(args[2]) : 3;

        try (TestDatabase database = TestPostgres.server().createDatabase();
                ConfigurableApplicationContext context = new SpringApplicationBuilder(OrdersApplication.class)
                        .web(WebApplicationType.NONE)
                        .properties(
                                "spring.datasource.url=" + database.jdbcUrl(),
                                "spring.datasource.username=" + database.username(),
                                "spring.datasource.password=" + database.password(),
                                "logging.level.com.bakeryia.deletion.audit=WARN")
                        .run()) {
            TenantDataDeletionService service = context.getBean(TenantDataDeletionService.class);
            DataSource dataSource = context.getBean(DataSource.class);
            List<String> order = service.plan().deletionOrder();
            var inspector = new SchemaInspector(dataSource, "orders");
            withoutAutovacuum(dataSource, order);

            for (int i = 0; i < neighbours; i++) {
                new TenantDataGenerator(dataSource, "orders", 1000 + i).generate(UUID.randomUUID(), rows);
            }
            System.out.printf(
                    Locale.ROOT,
                    "orders-service: %,d rows per tenant, %d neighbour tenants, %d rounds, plan %s%n",
                    rows,
                    neighbours,
                    rounds,
                    order);

            var serviceMillis = new ArrayList<Double>();
            var plainMillis = new ArrayList<Double>();
            for (int round = 1; round <= rounds; round++) {
                UUID viaService = UUID.randomUUID();
                UUID viaSql = UUID.randomUUID();
                new TenantDataGenerator(dataSource, "orders", round).generate(viaService, rows);
                new TenantDataGenerator(dataSource, "orders", round).generate(viaSql, rows);
                settle(dataSource);

                double service1;
                double plain1;
                if (round % 2 == 1) {
                    service1 = timeService(service, viaService);
                    settle(dataSource);
                    plain1 = timePlainSql(dataSource, order, viaSql);
                } else {
                    plain1 = timePlainSql(dataSource, order, viaSql);
                    settle(dataSource);
                    service1 = timeService(service, viaService);
                }
                if (inspector.totalRows(viaService) != 0 || inspector.totalRows(viaSql) != 0) {
                    throw new IllegalStateException("rows left after round " + round);
                }
                serviceMillis.add(service1);
                plainMillis.add(plain1);
                System.out.printf(
                        Locale.ROOT,
                        "round %d: service %.0f ms, plain SQL %.0f ms, ratio %.2f%n",
                        round,
                        service1,
                        plain1,
                        service1 / plain1);
            }
            double serviceMedian = median(serviceMillis);
            double plainMedian = median(plainMillis);
            System.out.printf(
                    Locale.ROOT,
                    "median: TenantDataDeletionService %.0f ms, plain SQL %.0f ms, ratio %.2f (target <= 1.30)%n",
                    serviceMedian,
                    plainMedian,
                    serviceMedian / plainMedian);
        }
    }

    private static double timeService(TenantDataDeletionService service, UUID tenant) {
        long started = System.nanoTime();
        DeletionResult result = service.delete(tenant);
        double millis = (System.nanoTime() - started) / 1e6;
        if (!result.success()) {
            throw new IllegalStateException("deletion failed: " + result.errors());
        }
        return millis;
    }

    private static double timePlainSql(DataSource dataSource, List<String> order, UUID tenant) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            long started = System.nanoTime();
            connection.setAutoCommit(false);
            for (String table : order) {
                try (PreparedStatement delete =
                        connection.prepareStatement("DELETE FROM orders." + table + " WHERE tenant_id = ?")) {
                    delete.setObject(1, tenant);
                    delete.executeUpdate();
                }
            }
            connection.commit();
            double millis = (System.nanoTime() - started) / 1e6;
            connection.setAutoCommit(true);
            return millis;
        }
    }

    /** Autovacuum of earlier rounds' dead rows would land at random in measured ones; settle() vacuums instead. */
    private static void withoutAutovacuum(DataSource dataSource, List<String> tables) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            for (String table : tables) {
                statement.execute("ALTER TABLE orders." + table + " SET (autovacuum_enabled = false)");
            }
        }
    }

    private static void settle(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("VACUUM ANALYZE");
            statement.execute("CHECKPOINT");
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
