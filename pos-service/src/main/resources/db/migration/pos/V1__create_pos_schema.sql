-- Point-of-sale integration of a bakery: the provider connections (credentials encrypted at rest by
-- the service, AES-GCM, never stored in plain text), the transactions they deliver, and the logs of
-- webhooks and synchronisations. Every table carries tenant_id; foreign keys include it, so a row can
-- only ever reference a row of its own tenant.

CREATE TABLE pos_configurations (
    id                    uuid         PRIMARY KEY,
    tenant_id             uuid         NOT NULL,
    provider              varchar(16)  NOT NULL
        CHECK (provider IN ('SQUARE', 'TOAST', 'LIGHTSPEED', 'SUMUP', 'ZETTLE', 'SHOPIFY')),
    display_name          varchar(120) NOT NULL,
    external_location_id  varchar(128),
    -- version byte, 12-byte IV, ciphertext and GCM tag; bound to (tenant_id, id) as associated data
    credentials_encrypted bytea        NOT NULL,
    environment           varchar(16)  NOT NULL DEFAULT 'PRODUCTION' CHECK (environment IN ('SANDBOX', 'PRODUCTION')),
    sync_enabled          boolean      NOT NULL DEFAULT true,
    sync_interval_minutes integer      NOT NULL DEFAULT 15 CHECK (sync_interval_minutes BETWEEN 5 AND 1440),
    is_active             boolean      NOT NULL DEFAULT true,
    last_sync_at          timestamptz,
    created_at            timestamptz  NOT NULL DEFAULT now(),
    updated_at            timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT pos_configurations_tenant_id_id_key UNIQUE (tenant_id, id)
);

CREATE TABLE pos_transactions (
    id                      uuid           PRIMARY KEY,
    tenant_id               uuid           NOT NULL,
    configuration_id        uuid           NOT NULL,
    external_transaction_id varchar(128)   NOT NULL,
    transaction_type        varchar(8)     NOT NULL CHECK (transaction_type IN ('SALE', 'REFUND', 'VOID')),
    status                  varchar(16)    NOT NULL CHECK (status IN ('PENDING', 'COMPLETED', 'FAILED', 'VOIDED')),
    payment_method          varchar(16)    NOT NULL
        CHECK (payment_method IN ('CASH', 'CARD', 'MOBILE', 'VOUCHER', 'MIXED', 'OTHER')),
    subtotal                numeric(12, 2) NOT NULL CHECK (subtotal >= 0),
    tax_amount              numeric(12, 2) NOT NULL DEFAULT 0 CHECK (tax_amount >= 0),
    tip_amount              numeric(12, 2) NOT NULL DEFAULT 0 CHECK (tip_amount >= 0),
    discount_amount         numeric(12, 2) NOT NULL DEFAULT 0 CHECK (discount_amount >= 0),
    total_amount            numeric(12, 2) NOT NULL CHECK (total_amount >= 0),
    currency                char(3)        NOT NULL DEFAULT 'EUR' CHECK (currency IN ('EUR', 'USD', 'GBP')),
    cashier_name            varchar(120),
    receipt_number          varchar(64),
    raw_payload             jsonb          NOT NULL DEFAULT '{}'::jsonb,
    occurred_at             timestamptz    NOT NULL,
    synced_at               timestamptz    NOT NULL DEFAULT now(),
    created_at              timestamptz    NOT NULL DEFAULT now(),
    CONSTRAINT pos_transactions_tenant_id_id_key UNIQUE (tenant_id, id),
    CONSTRAINT pos_transactions_tenant_id_external_key UNIQUE (tenant_id, configuration_id, external_transaction_id),
    CONSTRAINT pos_transactions_configuration_fk FOREIGN KEY (tenant_id, configuration_id)
        REFERENCES pos_configurations (tenant_id, id),
    CONSTRAINT pos_transactions_synced_after_occurred CHECK (synced_at >= occurred_at)
);

CREATE INDEX pos_transactions_tenant_id_occurred_at_idx ON pos_transactions (tenant_id, occurred_at);

CREATE TABLE pos_transaction_items (
    id                  uuid           PRIMARY KEY,
    tenant_id           uuid           NOT NULL,
    transaction_id      uuid           NOT NULL,
    line_number         integer        NOT NULL CHECK (line_number > 0),
    external_product_id varchar(128),
    product_name        varchar(200)   NOT NULL,
    category            varchar(80),
    quantity            numeric(10, 3) NOT NULL CHECK (quantity > 0),
    unit_price          numeric(12, 2) NOT NULL CHECK (unit_price >= 0),
    discount_amount     numeric(12, 2) NOT NULL DEFAULT 0 CHECK (discount_amount >= 0),
    tax_rate            numeric(5, 2)  NOT NULL DEFAULT 0 CHECK (tax_rate BETWEEN 0 AND 100),
    line_total          numeric(12, 2) NOT NULL CHECK (line_total >= 0),
    modifiers           jsonb,
    created_at          timestamptz    NOT NULL DEFAULT now(),
    CONSTRAINT pos_transaction_items_tenant_id_line_key UNIQUE (tenant_id, transaction_id, line_number),
    CONSTRAINT pos_transaction_items_transaction_fk FOREIGN KEY (tenant_id, transaction_id)
        REFERENCES pos_transactions (tenant_id, id)
);

CREATE TABLE pos_webhook_logs (
    id                uuid         PRIMARY KEY,
    tenant_id         uuid         NOT NULL,
    configuration_id  uuid         NOT NULL,
    -- the transaction the event created or changed, once processed
    transaction_id    uuid,
    external_event_id varchar(128) NOT NULL,
    event_type        varchar(64)  NOT NULL,
    signature_valid   boolean      NOT NULL,
    processing_status varchar(16)  NOT NULL
        CHECK (processing_status IN ('RECEIVED', 'PROCESSED', 'IGNORED', 'FAILED')),
    http_status       integer      NOT NULL CHECK (http_status BETWEEN 100 AND 599),
    payload           jsonb        NOT NULL,
    error_message     text,
    received_at       timestamptz  NOT NULL,
    processed_at      timestamptz,
    CONSTRAINT pos_webhook_logs_configuration_fk FOREIGN KEY (tenant_id, configuration_id)
        REFERENCES pos_configurations (tenant_id, id),
    CONSTRAINT pos_webhook_logs_transaction_fk FOREIGN KEY (tenant_id, transaction_id)
        REFERENCES pos_transactions (tenant_id, id),
    CONSTRAINT pos_webhook_logs_processed_after_received CHECK (processed_at IS NULL OR processed_at >= received_at)
);

CREATE INDEX pos_webhook_logs_tenant_id_configuration_id_idx
    ON pos_webhook_logs (tenant_id, configuration_id, received_at);
CREATE INDEX pos_webhook_logs_tenant_id_transaction_id_idx ON pos_webhook_logs (tenant_id, transaction_id);

CREATE TABLE pos_sync_logs (
    id                   uuid        PRIMARY KEY,
    tenant_id            uuid        NOT NULL,
    configuration_id     uuid        NOT NULL,
    sync_type            varchar(16) NOT NULL CHECK (sync_type IN ('FULL', 'INCREMENTAL', 'MANUAL')),
    status               varchar(16) NOT NULL CHECK (status IN ('RUNNING', 'SUCCEEDED', 'PARTIAL', 'FAILED')),
    transactions_fetched integer     NOT NULL DEFAULT 0 CHECK (transactions_fetched >= 0),
    transactions_created integer     NOT NULL DEFAULT 0 CHECK (transactions_created >= 0),
    transactions_updated integer     NOT NULL DEFAULT 0 CHECK (transactions_updated >= 0),
    provider_cursor      text,
    error_message        text,
    started_at           timestamptz NOT NULL,
    finished_at          timestamptz,
    CONSTRAINT pos_sync_logs_configuration_fk FOREIGN KEY (tenant_id, configuration_id)
        REFERENCES pos_configurations (tenant_id, id),
    CONSTRAINT pos_sync_logs_finished_after_started CHECK (finished_at IS NULL OR finished_at >= started_at)
);

CREATE INDEX pos_sync_logs_tenant_id_configuration_id_idx ON pos_sync_logs (tenant_id, configuration_id, started_at);
