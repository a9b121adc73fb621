-- Suppliers of a bakery: the suppliers with their contact and payment terms, the contracts agreed
-- with them, the orders placed (under a contract or not) with their lines, and the payments of
-- supplier invoices. Every table carries tenant_id; foreign keys include it, so a row can only ever
-- reference a row of its own tenant. Product and purchase order ids name inventory-service rows:
-- plain uuids, schemas never join.

CREATE TABLE suppliers (
    id                   uuid           PRIMARY KEY,
    tenant_id            uuid           NOT NULL,
    supplier_code        varchar(32)    NOT NULL,
    name                 varchar(200)   NOT NULL,
    legal_name           varchar(200),
    tax_id               varchar(32),
    supplier_type        varchar(16)    NOT NULL
        CHECK (supplier_type IN ('INGREDIENTS', 'PACKAGING', 'EQUIPMENT', 'SERVICES', 'OTHER')),
    status               varchar(16)    NOT NULL
        CHECK (status IN ('PENDING_APPROVAL', 'ACTIVE', 'INACTIVE', 'BLOCKED')),
    contact_name         varchar(200),
    email                varchar(254),
    phone                varchar(32),
    address              text,
    city                 varchar(120),
    postal_code          varchar(16),
    country_code         char(2)        NOT NULL DEFAULT 'ES',
    payment_terms        varchar(8)     NOT NULL DEFAULT 'NET_30'
        CHECK (payment_terms IN ('PREPAID', 'COD', 'NET_15', 'NET_30', 'NET_60')),
    currency             char(3)        NOT NULL DEFAULT 'EUR' CHECK (currency IN ('EUR', 'USD', 'GBP')),
    credit_limit         numeric(12, 2) CHECK (credit_limit >= 0),
    minimum_order_amount numeric(12, 2) CHECK (minimum_order_amount >= 0),
    lead_time_days       integer        CHECK (lead_time_days >= 0),
    quality_rating       numeric(3, 2)  CHECK (quality_rating BETWEEN 0 AND 5),
    delivery_rating      numeric(3, 2)  CHECK (delivery_rating BETWEEN 0 AND 5),
    certifications       jsonb          NOT NULL DEFAULT '[]'::jsonb,
    notes                text,
    created_at           timestamptz    NOT NULL DEFAULT now(),
    updated_at           timestamptz    NOT NULL DEFAULT now(),
    CONSTRAINT suppliers_tenant_id_id_key UNIQUE (tenant_id, id),
    CONSTRAINT suppliers_tenant_id_code_key UNIQUE (tenant_id, supplier_code)
);

CREATE TABLE supplier_contracts (
    id                       uuid           PRIMARY KEY,
    tenant_id                uuid           NOT NULL,
    supplier_id              uuid           NOT NULL,
    contract_number          varchar(32)    NOT NULL,
    contract_type            varchar(16)    NOT NULL
        CHECK (contract_type IN ('FRAMEWORK', 'FIXED_PRICE', 'VOLUME', 'CONSIGNMENT')),
    status                   varchar(12)    NOT NULL CHECK (status IN ('DRAFT', 'ACTIVE', 'EXPIRED', 'TERMINATED')),
    valid_from               date           NOT NULL,
    valid_to                 date,
    committed_volume_amount  numeric(12, 2) CHECK (committed_volume_amount >= 0),
    discount_percentage      numeric(5, 2)  CHECK (discount_percentage BETWEEN 0 AND 100),
    price_terms              jsonb,
    auto_renew               boolean        NOT NULL DEFAULT false,
    notice_period_days       integer        CHECK (notice_period_days >= 0),
    document_reference       varchar(255),
    signed_at                timestamptz,
    created_at               timestamptz    NOT NULL DEFAULT now(),
    updated_at               timestamptz    NOT NULL DEFAULT now(),
    CONSTRAINT supplier_contracts_tenant_id_id_key UNIQUE (tenant_id, id),
    CONSTRAINT supplier_contracts_tenant_id_number_key UNIQUE (tenant_id, contract_number),
    CONSTRAINT supplier_contracts_supplier_fk FOREIGN KEY (tenant_id, supplier_id)
        REFERENCES suppliers (tenant_id, id),
    CONSTRAINT supplier_contracts_valid_to_after_from CHECK (valid_to IS NULL OR valid_to >= valid_from)
);

CREATE INDEX supplier_contracts_tenant_id_supplier_id_idx ON supplier_contracts (tenant_id, supplier_id, valid_from);

CREATE TABLE supplier_orders (
    id                   uuid           PRIMARY KEY,
    tenant_id            uuid           NOT NULL,
    supplier_id          uuid           NOT NULL,
    contract_id          uuid,
    purchase_order_id    uuid,
    order_number         varchar(32)    NOT NULL,
    status               varchar(12)    NOT NULL
        CHECK (status IN ('DRAFT', 'SENT', 'CONFIRMED', 'SHIPPED', 'DELIVERED', 'CANCELLED')),
    subtotal             numeric(12, 2) NOT NULL CHECK (subtotal >= 0),
    tax_amount           numeric(12, 2) NOT NULL DEFAULT 0 CHECK (tax_amount >= 0),
    shipping_cost        numeric(12, 2) NOT NULL DEFAULT 0 CHECK (shipping_cost >= 0),
    total_amount         numeric(12, 2) NOT NULL CHECK (total_amount >= 0),
    currency             char(3)        NOT NULL DEFAULT 'EUR' CHECK (currency IN ('EUR', 'USD', 'GBP')),
    delivery_notes       text,
    ordered_at           timestamptz    NOT NULL,
    expected_delivery_at timestamptz,
    delivered_at         timestamptz,
    created_at           timestamptz    NOT NULL DEFAULT now(),
    updated_at           timestamptz    NOT NULL DEFAULT now(),
    CONSTRAINT supplier_orders_tenant_id_id_key UNIQUE (tenant_id, id),
    CONSTRAINT supplier_orders_tenant_id_number_key UNIQUE (tenant_id, order_number),
    CONSTRAINT supplier_orders_supplier_fk FOREIGN KEY (tenant_id, supplier_id)
        REFERENCES suppliers (tenant_id, id),
    CONSTRAINT supplier_orders_contract_fk FOREIGN KEY (tenant_id, contract_id)
        REFERENCES supplier_contracts (tenant_id, id),
    CONSTRAINT supplier_orders_expected_after_ordered
        CHECK (expected_delivery_at IS NULL OR expected_delivery_at >= ordered_at),
    CONSTRAINT supplier_orders_delivered_after_ordered CHECK (delivered_at IS NULL OR delivered_at >= ordered_at)
);

CREATE INDEX supplier_orders_tenant_id_supplier_id_idx ON supplier_orders (tenant_id, supplier_id, ordered_at);
CREATE INDEX supplier_orders_tenant_id_contract_id_idx ON supplier_orders (tenant_id, contract_id);

CREATE TABLE supplier_order_items (
    id                 uuid           PRIMARY KEY,
    tenant_id          uuid           NOT NULL,
    supplier_order_id  uuid           NOT NULL,
    line_number        integer        NOT NULL CHECK (line_number > 0),
    product_id         uuid,
    supplier_sku       varchar(64),
    description        varchar(255)   NOT NULL,
    quantity           numeric(12, 3) NOT NULL CHECK (quantity > 0),
    quantity_delivered numeric(12, 3) NOT NULL DEFAULT 0 CHECK (quantity_delivered >= 0),
    unit_of_measure    varchar(8)     NOT NULL CHECK (unit_of_measure IN ('UNIT', 'KG', 'G', 'L', 'ML', 'DOZEN')),
    unit_price         numeric(12, 2) NOT NULL CHECK (unit_price >= 0),
    line_total         numeric(12, 2) NOT NULL CHECK (line_total >= 0),
    quality_status     varchar(20)    NOT NULL DEFAULT 'PENDING'
        CHECK (quality_status IN ('PENDING', 'ACCEPTED', 'PARTIALLY_ACCEPTED', 'REJECTED')),
    created_at         timestamptz    NOT NULL DEFAULT now(),
    CONSTRAINT supplier_order_items_tenant_id_order_line_key UNIQUE (tenant_id, supplier_order_id, line_number),
    CONSTRAINT supplier_order_items_order_fk FOREIGN KEY (tenant_id, supplier_order_id)
        REFERENCES supplier_orders (tenant_id, id)
);

CREATE TABLE supplier_payments (
    id                uuid           PRIMARY KEY,
    tenant_id         uuid           NOT NULL,
    supplier_id       uuid           NOT NULL,
    supplier_order_id uuid,
    payment_reference varchar(64)    NOT NULL,
    invoice_number    varchar(64),
    amount            numeric(12, 2) NOT NULL CHECK (amount > 0),
    currency          char(3)        NOT NULL DEFAULT 'EUR' CHECK (currency IN ('EUR', 'USD', 'GBP')),
    payment_method    varchar(16)    NOT NULL
        CHECK (payment_method IN ('BANK_TRANSFER', 'DIRECT_DEBIT', 'CARD', 'CASH', 'CHEQUE')),
    status            varchar(12)    NOT NULL
        CHECK (status IN ('SCHEDULED', 'PENDING', 'PAID', 'FAILED', 'CANCELLED')),
    invoice_date      date           NOT NULL,
    due_date          date           NOT NULL,
    paid_at           timestamptz,
    notes             text,
    created_at        timestamptz    NOT NULL DEFAULT now(),
    updated_at        timestamptz    NOT NULL DEFAULT now(),
    CONSTRAINT supplier_payments_tenant_id_reference_key UNIQUE (tenant_id, payment_reference),
    CONSTRAINT supplier_payments_supplier_fk FOREIGN KEY (tenant_id, supplier_id)
        REFERENCES suppliers (tenant_id, id),
    CONSTRAINT supplier_payments_order_fk FOREIGN KEY (tenant_id, supplier_order_id)
        REFERENCES supplier_orders (tenant_id, id),
    CONSTRAINT supplier_payments_due_after_invoice CHECK (due_date >= invoice_date)
);

CREATE INDEX supplier_payments_tenant_id_supplier_id_idx ON supplier_payments (tenant_id, supplier_id, due_date);
CREATE INDEX supplier_payments_tenant_id_order_id_idx ON supplier_payments (tenant_id, supplier_order_id);
