-- Customers of a bakery and their orders. Every table carries tenant_id; foreign keys include it,
-- so a row can only ever reference a row of its own tenant.

CREATE TABLE customers (
    id               uuid          PRIMARY KEY,
    tenant_id        uuid          NOT NULL,
    customer_number  varchar(32)   NOT NULL,
    name             varchar(200)  NOT NULL,
    email            varchar(254),
    phone            varchar(32),
    customer_type    varchar(16)   NOT NULL CHECK (customer_type IN ('INDIVIDUAL', 'BUSINESS', 'CENTRAL_BAKERY')),
    billing_address  text,
    delivery_address text,
    credit_limit     numeric(12, 2) NOT NULL DEFAULT 0 CHECK (credit_limit >= 0),
    preferences      jsonb         NOT NULL DEFAULT '{}'::jsonb,
    is_active        boolean       NOT NULL DEFAULT true,
    created_at       timestamptz   NOT NULL DEFAULT now(),
    updated_at       timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT customers_tenant_id_id_key UNIQUE (tenant_id, id),
    CONSTRAINT customers_tenant_id_number_key UNIQUE (tenant_id, customer_number)
);

CREATE TABLE customer_orders (
    id                    uuid           PRIMARY KEY,
    tenant_id             uuid           NOT NULL,
    customer_id           uuid           NOT NULL,
    order_number          varchar(32)    NOT NULL,
    status                varchar(16)    NOT NULL
        CHECK (status IN ('PENDING', 'CONFIRMED', 'IN_PRODUCTION', 'READY', 'DELIVERED', 'CANCELLED')),
    order_type            varchar(16)    NOT NULL CHECK (order_type IN ('STANDARD', 'RUSH', 'RECURRING', 'SPECIAL')),
    delivery_method       varchar(16)    NOT NULL CHECK (delivery_method IN ('PICKUP', 'DELIVERY')),
    subtotal              numeric(12, 2) NOT NULL CHECK (subtotal >= 0),
    discount_amount       numeric(12, 2) NOT NULL DEFAULT 0 CHECK (discount_amount >= 0),
    tax_amount            numeric(12, 2) NOT NULL CHECK (tax_amount >= 0),
    total_amount          numeric(12, 2) NOT NULL CHECK (total_amount >= 0),
    currency              char(3)        NOT NULL DEFAULT 'EUR' CHECK (currency IN ('EUR', 'USD', 'GBP')),
    special_instructions  text,
    ordered_at            timestamptz    NOT NULL,
    requested_delivery_at timestamptz,
    delivered_at          timestamptz,
    created_at            timestamptz    NOT NULL DEFAULT now(),
    updated_at            timestamptz    NOT NULL DEFAULT now(),
    CONSTRAINT customer_orders_tenant_id_id_key UNIQUE (tenant_id, id),
    CONSTRAINT customer_orders_tenant_id_number_key UNIQUE (tenant_id, order_number),
    CONSTRAINT customer_orders_customer_fk FOREIGN KEY (tenant_id, customer_id)
        REFERENCES customers (tenant_id, id),
    CONSTRAINT customer_orders_delivered_after_ordered CHECK (delivered_at IS NULL OR delivered_at >= ordered_at)
);

CREATE INDEX customer_orders_tenant_id_customer_id_idx ON customer_orders (tenant_id, customer_id);
CREATE INDEX customer_orders_tenant_id_status_idx ON customer_orders (tenant_id, status, ordered_at);

CREATE TABLE order_items (
    id              uuid           PRIMARY KEY,
    tenant_id       uuid           NOT NULL,
    order_id        uuid           NOT NULL,
    line_number     integer        NOT NULL CHECK (line_number > 0),
    product_id      uuid           NOT NULL,
    product_name    varchar(200)   NOT NULL,
    quantity        numeric(10, 3) NOT NULL CHECK (quantity > 0),
    unit_of_measure varchar(8)     NOT NULL CHECK (unit_of_measure IN ('UNIT', 'KG', 'G', 'L', 'DOZEN')),
    unit_price      numeric(12, 2) NOT NULL CHECK (unit_price >= 0),
    line_total      numeric(12, 2) NOT NULL CHECK (line_total >= 0),
    customizations  jsonb,
    created_at      timestamptz    NOT NULL DEFAULT now(),
    CONSTRAINT order_items_tenant_id_order_line_key UNIQUE (tenant_id, order_id, line_number),
    CONSTRAINT order_items_order_fk FOREIGN KEY (tenant_id, order_id)
        REFERENCES customer_orders (tenant_id, id)
);

CREATE TABLE order_status_history (
    id          uuid        PRIMARY KEY,
    tenant_id   uuid        NOT NULL,
    order_id    uuid        NOT NULL,
    from_status varchar(16)
        CHECK (from_status IN ('PENDING', 'CONFIRMED', 'IN_PRODUCTION', 'READY', 'DELIVERED', 'CANCELLED')),
    to_status   varchar(16) NOT NULL
        CHECK (to_status IN ('PENDING', 'CONFIRMED', 'IN_PRODUCTION', 'READY', 'DELIVERED', 'CANCELLED')),
    changed_by  uuid,
    reason      text,
    changed_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT order_status_history_order_fk FOREIGN KEY (tenant_id, order_id)
        REFERENCES customer_orders (tenant_id, id)
);

CREATE INDEX order_status_history_tenant_id_order_id_idx ON order_status_history (tenant_id, order_id, changed_at);
