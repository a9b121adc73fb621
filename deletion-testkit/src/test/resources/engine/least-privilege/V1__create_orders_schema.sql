CREATE TABLE customers (
    id uuid PRIMARY KEY, tenant_id uuid NOT NULL, name text NOT NULL, UNIQUE (tenant_id, id));
CREATE TABLE orders (
    id bigserial PRIMARY KEY, tenant_id uuid NOT NULL, customer_id uuid NOT NULL,
    FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id));
CREATE INDEX ON orders (tenant_id, customer_id);
