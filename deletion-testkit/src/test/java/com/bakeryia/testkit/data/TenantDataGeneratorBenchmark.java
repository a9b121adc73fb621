package com.bakeryia.testkit.data;

import com.bakeryia.testkit.postgres.TestDatabase;
import com.bakeryia.testkit.postgres.TestPostgres;
import java.util.Map;
import java.util.UUID;

/**
 * Measures {@link TenantDataGenerator} on a ten-table bakery schema: 500,000 rows of one tenant in a
 * fresh database. Not a test; run its {@code main} with the test class path.
 */
public final class TenantDataGeneratorBenchmark {

    private static final long ROWS = 500_000;
    private static final String SCHEMA = "bench";
    private static final String DDL = """
            CREATE TABLE cities (id int PRIMARY KEY, name text NOT NULL);
            INSERT INTO cities SELECT n, 'city ' || n FROM generate_series(1, 50) n;
            CREATE TABLE customers (
                id uuid PRIMARY KEY, tenant_id uuid NOT NULL, name varchar(100) NOT NULL,
                email varchar(255) NOT NULL, phone varchar(30), city_id int NOT NULL REFERENCES cities,
                segment text NOT NULL CHECK (segment IN ('RETAIL', 'WHOLESALE', 'CAFE')),
                created_at timestamptz NOT NULL DEFAULT now(),
                UNIQUE (tenant_id, id), UNIQUE (tenant_id, email));
            CREATE TABLE products (
                id uuid PRIMARY KEY, tenant_id uuid NOT NULL, sku varchar(40) NOT NULL, name varchar(200) NOT NULL,
                unit_price numeric(10, 2) NOT NULL CHECK (unit_price > 0), active boolean NOT NULL,
                UNIQUE (tenant_id, id), UNIQUE (tenant_id, sku));
            CREATE TABLE customer_orders (
                id uuid PRIMARY KEY, tenant_id uuid NOT NULL, customer_id uuid NOT NULL,
                order_number bigserial NOT NULL UNIQUE,
                status varchar(20) NOT NULL CHECK (status IN ('PENDING', 'CONFIRMED', 'DELIVERED', 'CANCELLED')),
                total numeric(12, 2) NOT NULL CHECK (total >= 0), ordered_at timestamptz NOT NULL,
                delivered_at timestamptz, notes text, CHECK (delivered_at >= ordered_at),
                UNIQUE (tenant_id, id), FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id));
            CREATE INDEX ON customer_orders (tenant_id, customer_id);
            CREATE TABLE order_items (
                id bigserial PRIMARY KEY, tenant_id uuid NOT NULL, order_id uuid NOT NULL, product_id uuid NOT NULL,
                quantity int NOT NULL CHECK (quantity > 0), unit_price numeric(10, 2) NOT NULL CHECK (unit_price > 0),
                FOREIGN KEY (tenant_id, order_id) REFERENCES customer_orders (tenant_id, id),
                FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id));
            CREATE INDEX ON order_items (tenant_id, order_id);
            CREATE INDEX ON order_items (tenant_id, product_id);
            CREATE TABLE order_status_history (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, tenant_id uuid NOT NULL, order_id uuid NOT NULL,
                status varchar(20) NOT NULL CHECK (status IN ('PENDING', 'CONFIRMED', 'DELIVERED', 'CANCELLED')),
                changed_at timestamptz NOT NULL, changed_by uuid,
                FOREIGN KEY (tenant_id, order_id) REFERENCES customer_orders (tenant_id, id));
            CREATE INDEX ON order_status_history (tenant_id, order_id);
            CREATE TABLE recipes (
                id uuid PRIMARY KEY, tenant_id uuid NOT NULL, product_id uuid NOT NULL, name varchar(200) NOT NULL,
                instructions jsonb, UNIQUE (tenant_id, id),
                FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id));
            CREATE INDEX ON recipes (tenant_id, product_id);
            CREATE TABLE recipe_ingredients (
                id uuid PRIMARY KEY, tenant_id uuid NOT NULL, recipe_id uuid NOT NULL,
                ingredient varchar(100) NOT NULL, quantity numeric(10, 3) NOT NULL CHECK (quantity > 0),
                unit varchar(10) NOT NULL CHECK (unit IN ('g', 'kg', 'ml', 'l', 'unit')),
                FOREIGN KEY (tenant_id, recipe_id) REFERENCES recipes (tenant_id, id));
            CREATE INDEX ON recipe_ingredients (tenant_id, recipe_id);
            CREATE TABLE stock_batches (
                id uuid PRIMARY KEY, tenant_id uuid NOT NULL, product_id uuid NOT NULL,
                quantity numeric(12, 3) NOT NULL CHECK (quantity >= 0), produced_on date NOT NULL,
                expires_on date NOT NULL, CHECK (expires_on > produced_on), UNIQUE (tenant_id, id),
                FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id));
            CREATE INDEX ON stock_batches (tenant_id, product_id);
            CREATE TABLE stock_movements (
                id bigserial PRIMARY KEY, tenant_id uuid NOT NULL, batch_id uuid NOT NULL,
                kind varchar(10) NOT NULL CHECK (kind IN ('IN', 'OUT', 'WASTE')),
                quantity numeric(12, 3) NOT NULL CHECK (quantity > 0), moved_at timestamptz NOT NULL,
                FOREIGN KEY (tenant_id, batch_id) REFERENCES stock_batches (tenant_id, id));
            CREATE INDEX ON stock_movements (tenant_id, batch_id);
            CREATE TABLE sales_records (
                id uuid PRIMARY KEY, tenant_id uuid NOT NULL, product_id uuid NOT NULL, sold_on date NOT NULL,
                quantity int NOT NULL CHECK (quantity > 0), revenue numeric(12, 2) NOT NULL CHECK (revenue >= 0),
                channel varchar(20) NOT NULL CHECK (channel IN ('STORE', 'ONLINE', 'WHOLESALE')),
                FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id));
            CREATE INDEX ON sales_records (tenant_id, product_id, sold_on);
            """;

    private TenantDataGeneratorBenchmark() {}

    /**
     * Creates the database, generates the rows, prints the rate, drops the database.
     *
     * @param arguments ignored
     */
    public static void main(String[] arguments) {
        try (TestDatabase database = TestPostgres.server().createDatabase()) {
            TestSchemas.create(database.dataSource(), SCHEMA, DDL);
            UUID tenant = UUID.randomUUID();
            TenantDataGenerator generator = new TenantDataGenerator(database.dataSource(), SCHEMA, 2024);

            long started = System.nanoTime();
            GeneratedTenant generated = generator.generate(tenant, ROWS);
            double seconds = (System.nanoTime() - started) / 1e9;

            for (Map.Entry<String, Long> table : generated.rowsPerTable().entrySet()) {
                System.out.printf("%-22s %,10d%n", table.getKey(), table.getValue());
            }
            System.out.printf(
                    "%,d rows in %.2f s: %,.0f rows/s%n", generated.total(), seconds, generated.total() / seconds);
            long checked = new SchemaInspector(database.dataSource(), SCHEMA).totalRows(tenant);
            System.out.printf(
                    "rows counted by SchemaInspector: %,d; dangling references: %s%n",
                    checked, new SchemaInspector(database.dataSource(), SCHEMA).danglingReferences());
        }
    }
}
