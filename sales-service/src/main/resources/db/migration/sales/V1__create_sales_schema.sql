-- Sales of a bakery: the import runs that brought sales in (CSV, POS sync), every sale line, the
-- aggregates per product and period, and the sales predictions derived from them. Every table
-- carries tenant_id; foreign keys include it, so a row can only ever reference a row of its own
-- tenant. Product, POS transaction and forecast ids name rows of other services: plain uuids,
-- schemas never join.

CREATE TABLE sales_import_batches (
    id            uuid         PRIMARY KEY,
    tenant_id     uuid         NOT NULL,
    source        varchar(12)  NOT NULL CHECK (source IN ('CSV', 'EXCEL', 'POS_SYNC', 'API')),
    file_name     varchar(255),
    status        varchar(12)  NOT NULL CHECK (status IN ('PENDING', 'PROCESSING', 'COMPLETED', 'FAILED')),
    rows_total    integer      NOT NULL DEFAULT 0 CHECK (rows_total >= 0),
    rows_imported integer      NOT NULL DEFAULT 0 CHECK (rows_imported >= 0),
    rows_rejected integer      NOT NULL DEFAULT 0 CHECK (rows_rejected >= 0),
    error_report  jsonb,
    uploaded_by   uuid,
    started_at    timestamptz  NOT NULL,
    finished_at   timestamptz,
    CONSTRAINT sales_import_batches_tenant_id_id_key UNIQUE (tenant_id, id),
    CONSTRAINT sales_import_batches_finished_after_started CHECK (finished_at IS NULL OR finished_at >= started_at)
);

CREATE INDEX sales_import_batches_tenant_id_started_at_idx ON sales_import_batches (tenant_id, started_at);

CREATE TABLE sales_records (
    id                 uuid           PRIMARY KEY,
    tenant_id          uuid           NOT NULL,
    import_batch_id    uuid,
    product_id         uuid           NOT NULL,
    product_name       varchar(200)   NOT NULL,
    location_id        uuid,
    pos_transaction_id uuid,
    sales_channel      varchar(16)    NOT NULL
        CHECK (sales_channel IN ('STORE', 'ONLINE', 'WHOLESALE', 'DELIVERY_APP')),
    source             varchar(12)    NOT NULL CHECK (source IN ('POS', 'MANUAL', 'IMPORT', 'ORDERS')),
    quantity_sold      numeric(12, 3) NOT NULL CHECK (quantity_sold > 0),
    unit_price         numeric(12, 2) NOT NULL CHECK (unit_price >= 0),
    discount_amount    numeric(12, 2) NOT NULL DEFAULT 0 CHECK (discount_amount >= 0),
    tax_amount         numeric(12, 2) NOT NULL DEFAULT 0 CHECK (tax_amount >= 0),
    total_amount       numeric(12, 2) NOT NULL CHECK (total_amount >= 0),
    cost_of_goods      numeric(12, 2) CHECK (cost_of_goods >= 0),
    currency           char(3)        NOT NULL DEFAULT 'EUR' CHECK (currency IN ('EUR', 'USD', 'GBP')),
    payment_method     varchar(8)     CHECK (payment_method IN ('CASH', 'CARD', 'MOBILE', 'INVOICE', 'OTHER')),
    is_validated       boolean        NOT NULL DEFAULT false,
    notes              text,
    sold_at            timestamptz    NOT NULL,
    recorded_at        timestamptz    NOT NULL DEFAULT now(),
    CONSTRAINT sales_records_import_batch_fk FOREIGN KEY (tenant_id, import_batch_id)
        REFERENCES sales_import_batches (tenant_id, id),
    CONSTRAINT sales_records_recorded_after_sold CHECK (recorded_at >= sold_at)
);

CREATE INDEX sales_records_tenant_id_sold_at_idx ON sales_records (tenant_id, sold_at);
CREATE INDEX sales_records_tenant_id_product_id_idx ON sales_records (tenant_id, product_id, sold_at);
CREATE INDEX sales_records_tenant_id_import_batch_id_idx ON sales_records (tenant_id, import_batch_id);

CREATE TABLE sales_aggregates (
    id                 uuid           PRIMARY KEY,
    tenant_id          uuid           NOT NULL,
    product_id         uuid,
    period_type        varchar(8)     NOT NULL CHECK (period_type IN ('HOUR', 'DAY', 'WEEK', 'MONTH')),
    period_start       timestamptz    NOT NULL,
    period_end         timestamptz    NOT NULL,
    transaction_count  integer        NOT NULL CHECK (transaction_count >= 0),
    quantity_sold      numeric(14, 3) NOT NULL CHECK (quantity_sold >= 0),
    gross_revenue      numeric(12, 2) NOT NULL CHECK (gross_revenue >= 0),
    discount_total     numeric(12, 2) NOT NULL DEFAULT 0 CHECK (discount_total >= 0),
    net_revenue        numeric(12, 2) NOT NULL CHECK (net_revenue >= 0),
    average_unit_price numeric(12, 2) CHECK (average_unit_price >= 0),
    computed_at        timestamptz    NOT NULL DEFAULT now(),
    CONSTRAINT sales_aggregates_tenant_id_id_key UNIQUE (tenant_id, id),
    CONSTRAINT sales_aggregates_tenant_id_period_key UNIQUE (tenant_id, product_id, period_type, period_start),
    CONSTRAINT sales_aggregates_period_end_after_start CHECK (period_end > period_start)
);

CREATE TABLE sales_predictions (
    id                    uuid           PRIMARY KEY,
    tenant_id             uuid           NOT NULL,
    product_id            uuid           NOT NULL,
    baseline_aggregate_id uuid,
    forecast_id           uuid,
    prediction_date       date           NOT NULL,
    predicted_quantity    numeric(12, 3) NOT NULL CHECK (predicted_quantity >= 0),
    lower_bound           numeric(12, 3) CHECK (lower_bound >= 0),
    upper_bound           numeric(12, 3) CHECK (upper_bound >= 0),
    confidence_level      numeric(4, 3)  CHECK (confidence_level BETWEEN 0 AND 1),
    actual_quantity       numeric(12, 3) CHECK (actual_quantity >= 0),
    model_version         varchar(32)    NOT NULL,
    status                varchar(12)    NOT NULL
        CHECK (status IN ('PENDING', 'ACTIVE', 'EVALUATED', 'SUPERSEDED')),
    created_at            timestamptz    NOT NULL DEFAULT now(),
    evaluated_at          timestamptz,
    CONSTRAINT sales_predictions_tenant_id_product_date_key
        UNIQUE (tenant_id, product_id, prediction_date, model_version),
    CONSTRAINT sales_predictions_baseline_aggregate_fk FOREIGN KEY (tenant_id, baseline_aggregate_id)
        REFERENCES sales_aggregates (tenant_id, id),
    CONSTRAINT sales_predictions_evaluated_after_created CHECK (evaluated_at IS NULL OR evaluated_at >= created_at)
);

CREATE INDEX sales_predictions_tenant_id_date_idx ON sales_predictions (tenant_id, prediction_date);
CREATE INDEX sales_predictions_tenant_id_baseline_idx ON sales_predictions (tenant_id, baseline_aggregate_id);
