-- Demand forecasts of a bakery: the prediction batches that produce them, one forecast per product
-- and day, the accuracy metrics measured once actual sales are known, and the cached prediction
-- responses. Every table carries tenant_id; foreign keys include it, so a row can only ever
-- reference a row of its own tenant. Product, location and model ids name rows of other services:
-- plain uuids, schemas never join.

CREATE TABLE prediction_batches (
    id                   uuid         PRIMARY KEY,
    tenant_id            uuid         NOT NULL,
    batch_name           varchar(120) NOT NULL,
    trigger_type         varchar(12)  NOT NULL CHECK (trigger_type IN ('SCHEDULED', 'MANUAL', 'API', 'RETRAIN')),
    status               varchar(12)  NOT NULL
        CHECK (status IN ('PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED')),
    model_id             uuid,
    forecast_horizon_days integer     NOT NULL CHECK (forecast_horizon_days BETWEEN 1 AND 90),
    products_total       integer      NOT NULL DEFAULT 0 CHECK (products_total >= 0),
    products_completed   integer      NOT NULL DEFAULT 0 CHECK (products_completed >= 0),
    products_failed      integer      NOT NULL DEFAULT 0 CHECK (products_failed >= 0),
    parameters           jsonb        NOT NULL DEFAULT '{}'::jsonb,
    error_message        text,
    requested_by         uuid,
    requested_at         timestamptz  NOT NULL,
    started_at           timestamptz,
    completed_at         timestamptz,
    CONSTRAINT prediction_batches_tenant_id_id_key UNIQUE (tenant_id, id),
    CONSTRAINT prediction_batches_started_after_requested CHECK (started_at IS NULL OR started_at >= requested_at),
    CONSTRAINT prediction_batches_completed_after_started CHECK (completed_at IS NULL OR completed_at >= started_at)
);

CREATE INDEX prediction_batches_tenant_id_requested_at_idx ON prediction_batches (tenant_id, requested_at);

CREATE TABLE forecasts (
    id                 uuid           PRIMARY KEY,
    tenant_id          uuid           NOT NULL,
    batch_id           uuid,
    product_id         uuid           NOT NULL,
    location_id        uuid,
    forecast_date      date           NOT NULL,
    predicted_demand   numeric(12, 3) NOT NULL CHECK (predicted_demand >= 0),
    lower_bound        numeric(12, 3) CHECK (lower_bound >= 0),
    upper_bound        numeric(12, 3) CHECK (upper_bound >= 0),
    confidence_level   numeric(4, 3)  NOT NULL CHECK (confidence_level BETWEEN 0 AND 1),
    algorithm          varchar(12)    NOT NULL
        CHECK (algorithm IN ('PROPHET', 'ARIMA', 'XGBOOST', 'ENSEMBLE', 'BASELINE')),
    model_id           uuid,
    model_version      varchar(32)    NOT NULL,
    day_of_week        smallint       NOT NULL CHECK (day_of_week BETWEEN 0 AND 6),
    is_holiday         boolean        NOT NULL DEFAULT false,
    features           jsonb,
    processing_time_ms integer        CHECK (processing_time_ms >= 0),
    created_at         timestamptz    NOT NULL DEFAULT now(),
    CONSTRAINT forecasts_tenant_id_id_key UNIQUE (tenant_id, id),
    CONSTRAINT forecasts_tenant_id_product_date_key UNIQUE (tenant_id, product_id, forecast_date, model_version),
    CONSTRAINT forecasts_batch_fk FOREIGN KEY (tenant_id, batch_id)
        REFERENCES prediction_batches (tenant_id, id)
);

CREATE INDEX forecasts_tenant_id_forecast_date_idx ON forecasts (tenant_id, forecast_date);
CREATE INDEX forecasts_tenant_id_batch_id_idx ON forecasts (tenant_id, batch_id);

CREATE TABLE forecast_metrics (
    id                          uuid           PRIMARY KEY,
    tenant_id                   uuid           NOT NULL,
    forecast_id                 uuid           NOT NULL,
    evaluation_window           varchar(8)     NOT NULL CHECK (evaluation_window IN ('DAY', 'WEEK', 'MONTH')),
    actual_demand               numeric(12, 3) NOT NULL CHECK (actual_demand >= 0),
    absolute_error              numeric(12, 3) NOT NULL CHECK (absolute_error >= 0),
    absolute_percentage_error   numeric(8, 2)  CHECK (absolute_percentage_error >= 0),
    squared_error               numeric(18, 4) NOT NULL CHECK (squared_error >= 0),
    within_prediction_interval  boolean        NOT NULL,
    evaluated_at                timestamptz    NOT NULL,
    CONSTRAINT forecast_metrics_tenant_id_forecast_window_key UNIQUE (tenant_id, forecast_id, evaluation_window),
    CONSTRAINT forecast_metrics_forecast_fk FOREIGN KEY (tenant_id, forecast_id)
        REFERENCES forecasts (tenant_id, id)
);

CREATE TABLE prediction_cache (
    id               uuid         PRIMARY KEY,
    tenant_id        uuid         NOT NULL,
    cache_key        varchar(255) NOT NULL,
    forecast_id      uuid,
    product_id       uuid,
    payload          jsonb        NOT NULL,
    hit_count        integer      NOT NULL DEFAULT 0 CHECK (hit_count >= 0),
    created_at       timestamptz  NOT NULL,
    expires_at       timestamptz  NOT NULL,
    last_accessed_at timestamptz,
    CONSTRAINT prediction_cache_tenant_id_cache_key_key UNIQUE (tenant_id, cache_key),
    CONSTRAINT prediction_cache_forecast_fk FOREIGN KEY (tenant_id, forecast_id)
        REFERENCES forecasts (tenant_id, id),
    CONSTRAINT prediction_cache_expires_after_created CHECK (expires_at > created_at)
);

CREATE INDEX prediction_cache_tenant_id_forecast_id_idx ON prediction_cache (tenant_id, forecast_id);
CREATE INDEX prediction_cache_tenant_id_expires_at_idx ON prediction_cache (tenant_id, expires_at);
