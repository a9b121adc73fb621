-- Stock of a bakery: its product catalogue (ingredients, finished goods, packaging) in categories,
-- purchase orders to suppliers, the stock batches received (with expiry), every stock movement and
-- the low-stock and expiry alerts. Every table carries tenant_id; foreign keys include it, so a row
-- can only ever reference a row of its own tenant. supplier_id names a suppliers-service supplier:
-- a plain uuid, schemas never join.

CREATE TABLE product_categories (
    id            uuid         PRIMARY KEY,
    tenant_id     uuid         NOT NULL,
    code          varchar(32)  NOT NULL,
    name          varchar(120) NOT NULL,
    category_type varchar(16)  NOT NULL
        CHECK (category_type IN ('INGREDIENT', 'FINISHED_PRODUCT', 'PACKAGING', 'CLEANING', 'OTHER')),
    description   text,
    sort_order    integer      NOT NULL DEFAULT 0 CHECK (sort_order >= 0),
    created_at    timestamptz  NOT NULL DEFAULT now(),
    updated_at    timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT product_categories_tenant_id_id_key UNIQUE (tenant_id, id),
    CONSTRAINT product_categories_tenant_id_code_key UNIQUE (tenant_id, code)
);

CREATE TABLE products (
    id                  uuid           PRIMARY KEY,
    tenant_id           uuid           NOT NULL,
    category_id         uuid,
    sku                 varchar(64)    NOT NULL,
    name                varchar(200)   NOT NULL,
    description         text,
    product_type        varchar(16)    NOT NULL
        CHECK (product_type IN ('INGREDIENT', 'FINISHED_PRODUCT', 'INTERMEDIATE', 'PACKAGING')),
    unit_of_measure     varchar(8)     NOT NULL CHECK (unit_of_measure IN ('UNIT', 'KG', 'G', 'L', 'ML', 'DOZEN')),
    barcode             varchar(64),
    reorder_point       numeric(12, 3) NOT NULL DEFAULT 0 CHECK (reorder_point >= 0),
    reorder_quantity    numeric(12, 3) CHECK (reorder_quantity >= 0),
    max_stock_level     numeric(12, 3) CHECK (max_stock_level >= 0),
    average_cost        numeric(12, 2) CHECK (average_cost >= 0),
    last_purchase_price numeric(12, 2) CHECK (last_purchase_price >= 0),
    shelf_life_days     integer        CHECK (shelf_life_days > 0),
    storage_conditions  varchar(16)    NOT NULL DEFAULT 'AMBIENT'
        CHECK (storage_conditions IN ('AMBIENT', 'DRY', 'CHILLED', 'FROZEN')),
    is_perishable       boolean        NOT NULL DEFAULT false,
    allergen_info       jsonb          NOT NULL DEFAULT '{}'::jsonb,
    nutritional_info    jsonb,
    is_active           boolean        NOT NULL DEFAULT true,
    created_at          timestamptz    NOT NULL DEFAULT now(),
    updated_at          timestamptz    NOT NULL DEFAULT now(),
    CONSTRAINT products_tenant_id_id_key UNIQUE (tenant_id, id),
    CONSTRAINT products_tenant_id_sku_key UNIQUE (tenant_id, sku),
    CONSTRAINT products_category_fk FOREIGN KEY (tenant_id, category_id)
        REFERENCES product_categories (tenant_id, id)
);

CREATE INDEX products_tenant_id_category_id_idx ON products (tenant_id, category_id);

CREATE TABLE purchase_orders (
    id                     uuid           PRIMARY KEY,
    tenant_id              uuid           NOT NULL,
    supplier_id            uuid           NOT NULL,
    po_number              varchar(32)    NOT NULL,
    status                 varchar(20)    NOT NULL
        CHECK (status IN ('DRAFT', 'SUBMITTED', 'CONFIRMED', 'PARTIALLY_RECEIVED', 'RECEIVED', 'CANCELLED')),
    order_date             date           NOT NULL,
    expected_delivery_date date,
    subtotal               numeric(12, 2) NOT NULL CHECK (subtotal >= 0),
    tax_amount             numeric(12, 2) NOT NULL DEFAULT 0 CHECK (tax_amount >= 0),
    shipping_cost          numeric(12, 2) NOT NULL DEFAULT 0 CHECK (shipping_cost >= 0),
    total_amount           numeric(12, 2) NOT NULL CHECK (total_amount >= 0),
    currency               char(3)        NOT NULL DEFAULT 'EUR' CHECK (currency IN ('EUR', 'USD', 'GBP')),
    notes                  text,
    created_by             uuid,
    approved_by            uuid,
    approved_at            timestamptz,
    created_at             timestamptz    NOT NULL DEFAULT now(),
    updated_at             timestamptz    NOT NULL DEFAULT now(),
    CONSTRAINT purchase_orders_tenant_id_id_key UNIQUE (tenant_id, id),
    CONSTRAINT purchase_orders_tenant_id_po_number_key UNIQUE (tenant_id, po_number),
    CONSTRAINT purchase_orders_delivery_after_order
        CHECK (expected_delivery_date IS NULL OR expected_delivery_date >= order_date)
);

CREATE INDEX purchase_orders_tenant_id_supplier_id_idx ON purchase_orders (tenant_id, supplier_id);
CREATE INDEX purchase_orders_tenant_id_status_idx ON purchase_orders (tenant_id, status, order_date);

CREATE TABLE purchase_order_items (
    id                uuid           PRIMARY KEY,
    tenant_id         uuid           NOT NULL,
    purchase_order_id uuid           NOT NULL,
    product_id        uuid           NOT NULL,
    line_number       integer        NOT NULL CHECK (line_number > 0),
    ordered_quantity  numeric(12, 3) NOT NULL CHECK (ordered_quantity > 0),
    received_quantity numeric(12, 3) NOT NULL DEFAULT 0 CHECK (received_quantity >= 0),
    unit_of_measure   varchar(8)     NOT NULL CHECK (unit_of_measure IN ('UNIT', 'KG', 'G', 'L', 'ML', 'DOZEN')),
    unit_price        numeric(12, 2) NOT NULL CHECK (unit_price >= 0),
    line_total        numeric(12, 2) NOT NULL CHECK (line_total >= 0),
    notes             text,
    created_at        timestamptz    NOT NULL DEFAULT now(),
    CONSTRAINT purchase_order_items_tenant_id_id_key UNIQUE (tenant_id, id),
    CONSTRAINT purchase_order_items_tenant_id_order_line_key UNIQUE (tenant_id, purchase_order_id, line_number),
    CONSTRAINT purchase_order_items_order_fk FOREIGN KEY (tenant_id, purchase_order_id)
        REFERENCES purchase_orders (tenant_id, id),
    CONSTRAINT purchase_order_items_product_fk FOREIGN KEY (tenant_id, product_id)
        REFERENCES products (tenant_id, id)
);

CREATE INDEX purchase_order_items_tenant_id_product_id_idx ON purchase_order_items (tenant_id, product_id);

CREATE TABLE stock_batches (
    id                     uuid           PRIMARY KEY,
    tenant_id              uuid           NOT NULL,
    product_id             uuid           NOT NULL,
    purchase_order_item_id uuid,
    batch_number           varchar(64)    NOT NULL,
    supplier_id            uuid,
    supplier_lot_number    varchar(64),
    quantity_received      numeric(12, 3) NOT NULL CHECK (quantity_received > 0),
    current_quantity       numeric(12, 3) NOT NULL CHECK (current_quantity >= 0),
    reserved_quantity      numeric(12, 3) NOT NULL DEFAULT 0 CHECK (reserved_quantity >= 0),
    unit_cost              numeric(12, 2) NOT NULL CHECK (unit_cost >= 0),
    total_cost             numeric(12, 2) NOT NULL CHECK (total_cost >= 0),
    production_date        date,
    received_date          date           NOT NULL,
    expiration_date        date,
    storage_location       varchar(64),
    quality_status         varchar(16)    NOT NULL DEFAULT 'PENDING'
        CHECK (quality_status IN ('PENDING', 'APPROVED', 'QUARANTINED', 'REJECTED')),
    status                 varchar(16)    NOT NULL CHECK (status IN ('AVAILABLE', 'DEPLETED', 'EXPIRED', 'DISCARDED')),
    created_at             timestamptz    NOT NULL DEFAULT now(),
    updated_at             timestamptz    NOT NULL DEFAULT now(),
    CONSTRAINT stock_batches_tenant_id_id_key UNIQUE (tenant_id, id),
    CONSTRAINT stock_batches_tenant_id_product_batch_key UNIQUE (tenant_id, product_id, batch_number),
    CONSTRAINT stock_batches_product_fk FOREIGN KEY (tenant_id, product_id)
        REFERENCES products (tenant_id, id),
    CONSTRAINT stock_batches_purchase_order_item_fk FOREIGN KEY (tenant_id, purchase_order_item_id)
        REFERENCES purchase_order_items (tenant_id, id),
    CONSTRAINT stock_batches_received_after_production
        CHECK (production_date IS NULL OR received_date >= production_date),
    CONSTRAINT stock_batches_expires_after_received
        CHECK (expiration_date IS NULL OR expiration_date >= received_date)
);

CREATE INDEX stock_batches_tenant_id_expiration_idx ON stock_batches (tenant_id, status, expiration_date);
CREATE INDEX stock_batches_tenant_id_purchase_order_item_id_idx ON stock_batches (tenant_id, purchase_order_item_id);

CREATE TABLE stock_movements (
    id              uuid           PRIMARY KEY,
    tenant_id       uuid           NOT NULL,
    product_id      uuid           NOT NULL,
    batch_id        uuid,
    movement_type   varchar(20)    NOT NULL
        CHECK (movement_type IN ('PURCHASE', 'PRODUCTION_USE', 'PRODUCTION_OUTPUT', 'SALE', 'ADJUSTMENT', 'WASTE',
                                 'TRANSFER', 'RETURN')),
    direction       varchar(3)     NOT NULL CHECK (direction IN ('IN', 'OUT')),
    quantity        numeric(12, 3) NOT NULL CHECK (quantity > 0),
    quantity_before numeric(12, 3) CHECK (quantity_before >= 0),
    quantity_after  numeric(12, 3) CHECK (quantity_after >= 0),
    unit_cost       numeric(12, 2) CHECK (unit_cost >= 0),
    reference_type  varchar(20)
        CHECK (reference_type IN ('PURCHASE_ORDER', 'PRODUCTION_RUN', 'SALE', 'CUSTOMER_ORDER', 'MANUAL')),
    reference_id    uuid,
    reason          text,
    performed_by    uuid,
    movement_at     timestamptz    NOT NULL,
    created_at      timestamptz    NOT NULL DEFAULT now(),
    CONSTRAINT stock_movements_product_fk FOREIGN KEY (tenant_id, product_id)
        REFERENCES products (tenant_id, id),
    CONSTRAINT stock_movements_batch_fk FOREIGN KEY (tenant_id, batch_id)
        REFERENCES stock_batches (tenant_id, id)
);

CREATE INDEX stock_movements_tenant_id_product_id_idx ON stock_movements (tenant_id, product_id, movement_at);
CREATE INDEX stock_movements_tenant_id_batch_id_idx ON stock_movements (tenant_id, batch_id);

CREATE TABLE stock_alerts (
    id                 uuid           PRIMARY KEY,
    tenant_id          uuid           NOT NULL,
    product_id         uuid           NOT NULL,
    batch_id           uuid,
    alert_type         varchar(16)    NOT NULL
        CHECK (alert_type IN ('LOW_STOCK', 'OUT_OF_STOCK', 'EXPIRING_SOON', 'EXPIRED', 'OVERSTOCK')),
    severity           varchar(8)     NOT NULL CHECK (severity IN ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
    current_quantity   numeric(12, 3) NOT NULL CHECK (current_quantity >= 0),
    threshold_quantity numeric(12, 3) CHECK (threshold_quantity >= 0),
    message            text           NOT NULL,
    status             varchar(16)    NOT NULL CHECK (status IN ('ACTIVE', 'ACKNOWLEDGED', 'RESOLVED')),
    detected_at        timestamptz    NOT NULL,
    acknowledged_at    timestamptz,
    acknowledged_by    uuid,
    resolved_at        timestamptz,
    CONSTRAINT stock_alerts_product_fk FOREIGN KEY (tenant_id, product_id)
        REFERENCES products (tenant_id, id),
    CONSTRAINT stock_alerts_batch_fk FOREIGN KEY (tenant_id, batch_id)
        REFERENCES stock_batches (tenant_id, id),
    CONSTRAINT stock_alerts_acknowledged_after_detected
        CHECK (acknowledged_at IS NULL OR acknowledged_at >= detected_at),
    CONSTRAINT stock_alerts_resolved_after_detected CHECK (resolved_at IS NULL OR resolved_at >= detected_at)
);

CREATE INDEX stock_alerts_tenant_id_status_idx ON stock_alerts (tenant_id, status, detected_at);
CREATE INDEX stock_alerts_tenant_id_product_id_idx ON stock_alerts (tenant_id, product_id);
CREATE INDEX stock_alerts_tenant_id_batch_id_idx ON stock_alerts (tenant_id, batch_id);
