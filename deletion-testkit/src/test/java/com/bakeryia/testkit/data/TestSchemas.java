package com.bakeryia.testkit.data;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Schemas that look like a bakery service's, created by the tests. */
final class TestSchemas {

    static final String ORDERS = """
            CREATE TABLE flyway_schema_history (installed_rank int PRIMARY KEY, version varchar(50));
            CREATE TABLE cities (
                id uuid PRIMARY KEY,
                name varchar(80) NOT NULL,
                country char(2) NOT NULL
            );
            INSERT INTO cities VALUES
                ('5d0b9a62-0c7e-4f4e-9f61-3f1d1c0a0001', 'Madrid', 'ES'),
                ('5d0b9a62-0c7e-4f4e-9f61-3f1d1c0a0002', 'Bilbao', 'ES'),
                ('5d0b9a62-0c7e-4f4e-9f61-3f1d1c0a0003', 'Lyon', 'FR');
            CREATE TABLE tenant_profile (
                tenant_id uuid PRIMARY KEY,
                display_name text NOT NULL,
                logo bytea,
                allowed_ips inet[]
            );
            CREATE TABLE customers (
                id uuid PRIMARY KEY,
                tenant_id uuid NOT NULL,
                name varchar(20) NOT NULL,
                email varchar(120) NOT NULL,
                segment varchar(12) NOT NULL CHECK (segment IN ('RETAIL', 'WHOLESALE', 'CAFE')),
                city_id uuid NOT NULL REFERENCES cities (id),
                credit_limit numeric(10, 2) CHECK (credit_limit > 0),
                rating smallint CHECK (rating BETWEEN 1 AND 5),
                active boolean NOT NULL DEFAULT true,
                tags text[],
                preferences jsonb,
                created_at timestamptz NOT NULL DEFAULT now(),
                UNIQUE (tenant_id, id),
                UNIQUE (tenant_id, email)
            );
            CREATE INDEX customers_tenant ON customers (tenant_id);
            CREATE TABLE customer_settings (
                tenant_id uuid NOT NULL,
                customer_id uuid NOT NULL,
                theme varchar(10) NOT NULL CHECK (theme IN ('light', 'dark')),
                PRIMARY KEY (tenant_id, customer_id),
                FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id)
            );
            CREATE TABLE orders (
                id uuid PRIMARY KEY,
                tenant_id uuid NOT NULL,
                customer_id uuid NOT NULL,
                status text NOT NULL CHECK (status IN ('NEW', 'PAID', 'SHIPPED', 'DELIVERED', 'CANCELLED')),
                total numeric(10, 2) NOT NULL CHECK (total > 0),
                ordered_at timestamptz NOT NULL,
                delivered_at timestamptz,
                notes text,
                CHECK (delivered_at >= ordered_at),
                UNIQUE (tenant_id, id),
                FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id)
            );
            CREATE INDEX orders_tenant ON orders (tenant_id, customer_id);
            CREATE TABLE order_items (
                id bigserial PRIMARY KEY,
                tenant_id uuid NOT NULL,
                order_id uuid NOT NULL,
                line_number int NOT NULL CHECK (line_number > 0),
                product_code varchar(8) NOT NULL,
                quantity smallint NOT NULL CHECK (quantity > 0),
                unit_price numeric(8, 3) NOT NULL CHECK (unit_price >= 0),
                UNIQUE (tenant_id, order_id, line_number),
                FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id)
            );
            CREATE INDEX order_items_tenant ON order_items (tenant_id, order_id);
            CREATE TABLE order_status_history (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                tenant_id uuid NOT NULL,
                order_id uuid NOT NULL REFERENCES orders (id),
                status varchar(16) NOT NULL CHECK (status IN ('NEW', 'PAID', 'SHIPPED')),
                changed_at timestamp NOT NULL,
                changed_by uuid
            );
            CREATE TABLE categories (
                id uuid PRIMARY KEY,
                tenant_id uuid NOT NULL,
                parent_id uuid REFERENCES categories (id),
                name text NOT NULL,
                valid_to date NOT NULL,
                valid_from date NOT NULL,
                CHECK (valid_to > valid_from)
            );
            """;

    private TestSchemas() {}

    static void create(DataSource dataSource, String schema, String ddl) {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
            statement.execute("SET search_path TO " + schema);
            statement.execute(ddl);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void execute(DataSource dataSource, String sql) {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
