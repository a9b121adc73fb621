-- Test-only: a table that holds tenant data but has no tenant_id. orders-service must refuse to start.
CREATE TABLE order_notes (
    id       uuid PRIMARY KEY,
    order_id uuid NOT NULL REFERENCES customer_orders (id),
    note     text NOT NULL
);
