package com.bakeryia.tools;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * What a tenant's erasure costs its neighbours: {@code clients} JDBC clients, each on its own
 * connection (outside the fleet's pools and the benchmark's), read one tenant's data at a fixed
 * rate, the page a service lists: {@code SELECT * ... WHERE tenant_id = ? ORDER BY <the rest of an
 * index leading with tenant_id> LIMIT 50}, cycling over every tenant table of the domain schemas.
 * A query's latency counts from the time it was scheduled to start, not from when it started, so
 * a stall that holds the following queries back counts for each of them (no coordinated omission).
 */
public final class BystanderReaders {

    private static final int PAGE = 50;

    /** Time the clients have to prepare their statements before the first scheduled query. */
    private static final Duration PREPARATION = Duration.ofMillis(500);

    /** Per tenant table, an index leading with tenant_id (primary key first, then unique ones) and its key columns. */
    private static final String INDEXES_LEADING_WITH_TENANT_ID = """
            SELECT c.relname AS table_name,
                   array_to_string(array(
                       SELECT quote_ident(a.attname) || CASE WHEN k.opt & 1 = 1 THEN ' DESC' ELSE '' END
                       FROM unnest(x.indkey::int2[], x.indoption::int2[]) WITH ORDINALITY AS k(attnum, opt, ord)
                       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
                       WHERE k.ord <= x.indnkeyatts
                       ORDER BY k.ord), ',') AS key_columns
            FROM pg_index x
            JOIN pg_class c ON c.oid = x.indrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute first ON first.attrelid = c.oid AND first.attnum = x.indkey[0]
            WHERE n.nspname = ? AND x.indpred IS NULL AND NOT (0 = ANY (x.indkey::int2[]))
              AND first.attname = 'tenant_id'
            ORDER BY c.relname, x.indisprimary DESC, x.indisunique DESC, x.indnkeyatts
            """;

    private final FleetSettings settings;
    private final List<String> queries;
    private final int clients;
    private final Duration interval;

    /**
     * @param settings the fleet's database
     * @param database to read the catalog of the domain schemas
     * @param clients readers, one connection each
     * @param queriesPerSecond each reader's rate
     */
    public BystanderReaders(FleetSettings settings, FleetDatabase database, int clients, int queriesPerSecond) {
        this.settings = settings;
        this.clients = clients;
        this.interval = Duration.ofNanos(TimeUnit.SECONDS.toNanos(1) / queriesPerSecond);
        this.queries = new ArrayList<>();
        for (FleetService service : FleetService.DOMAIN) {
            List<String> tenantTables = database.inspector(service.schema()).tenantTables();
            List<String> listed = new ArrayList<>();
            database.jdbc()
                    .sql(INDEXES_LEADING_WITH_TENANT_ID)
                    .param(service.schema())
                    .query((rs, n) -> {
                        String table = rs.getString("table_name");
                        if (tenantTables.contains(table) && !listed.contains(table)) {
                            listed.add(table);
                            queries.add(pageQuery(service.schema(), table, rs.getString("key_columns")));
                        }
                        return table;
                    })
                    .list();
            if (listed.size() != tenantTables.size()) {
                throw new IllegalStateException("Tables of " + service.schema() + " without an index leading with"
                        + " tenant_id: "
                        + tenantTables.stream().filter(t -> !listed.contains(t)).toList());
            }
        }
    }

    private static String pageQuery(String schema, String table, String keyColumns) {
        List<String> key = List.of(keyColumns.split(","));
        List<String> order = key.subList(1, key.size());
        return "SELECT * FROM " + schema + "." + table + " WHERE tenant_id = ?"
                + (order.isEmpty() ? "" : " ORDER BY " + String.join(", ", order)) + " LIMIT " + PAGE;
    }

    /** The reads, one per tenant table of the domain schemas. */
    public List<String> queries() {
        return queries;
    }

    /** Starts the readers on the tenant's data; they run until {@link Run#stop()}. */
    public Run start(UUID tenant) {
        return new Run(tenant);
    }

    /** Latencies of one phase, in microseconds. */
    public record Latencies(long queries, long p50, long p95, long p99, long max) {}

    /** Readers at work; closing stops them without a report (when a measurement failed). */
    public final class Run implements AutoCloseable {

        private final List<Thread> threads = new ArrayList<>();
        private final List<Histogram> histograms = new ArrayList<>();
        private final AtomicReference<@Nullable Exception> failure = new AtomicReference<>();
        private volatile boolean running = true;

        private Run(UUID tenant) {
            List<Connection> connections = new ArrayList<>();
            try {
                for (int i = 0; i < clients; i++) {
                    connections.add(
                            DriverManager.getConnection(settings.dbUrl(), settings.dbUser(), settings.dbPassword()));
                }
            } catch (SQLException e) {
                connections.forEach(BystanderReaders::closeQuietly);
                throw new IllegalStateException("Bystander readers cannot connect: " + e.getMessage(), e);
            }
            long start = System.nanoTime() + PREPARATION.toNanos();
            for (int i = 0; i < clients; i++) {
                Histogram histogram = new Histogram(3);
                histograms.add(histogram);
                Connection connection = connections.get(i);
                int client = i;
                Thread thread = Thread.ofPlatform()
                        .name("bystander-" + i)
                        .start(() -> read(connection, tenant, client, start, histogram));
                threads.add(thread);
            }
        }

        private void read(Connection connection, UUID tenant, int client, long start, Histogram histogram) {
            try (connection) {
                List<PreparedStatement> statements = new ArrayList<>();
                for (String query : queries) {
                    PreparedStatement statement = connection.prepareStatement(query);
                    statement.setObject(1, tenant);
                    statements.add(statement);
                }
                long scheduled = start + client * interval.toNanos() / clients;
                long n = client;
                while (running) {
                    long wait = scheduled - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                        continue;
                    }
                    try (ResultSet rows =
                            statements.get((int) (n++ % statements.size())).executeQuery()) {
                        while (rows.next()) {
                            rows.getObject(1);
                        }
                    }
                    histogram.recordValue((System.nanoTime() - scheduled) / 1000);
                    scheduled += interval.toNanos();
                }
            } catch (SQLException | RuntimeException e) {
                failure.compareAndSet(null, e);
            }
        }

        /** Stops the readers and returns what they measured. */
        public Latencies stop() {
            close();
            Exception failed = failure.get();
            if (failed != null) {
                throw new IllegalStateException("A bystander reader failed: " + failed.getMessage(), failed);
            }
            Histogram all = new Histogram(3);
            histograms.forEach(all::add);
            return new Latencies(
                    all.getTotalCount(),
                    all.getValueAtPercentile(50),
                    all.getValueAtPercentile(95),
                    all.getValueAtPercentile(99),
                    all.getMaxValue());
        }

        @Override
        public void close() {
            running = false;
            for (Thread thread : threads) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while stopping the bystander readers", e);
                }
            }
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // already failing; the first error is the one reported
        }
    }
}
