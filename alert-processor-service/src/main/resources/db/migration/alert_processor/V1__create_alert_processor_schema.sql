-- Alerts of a bakery: the alert rules it configured, the alerts raised by the other services'
-- events (deduplicated, with their lifecycle) and every interaction of its users with an alert.
-- Every table carries tenant_id; foreign keys include it, so a row can only ever reference a row of
-- its own tenant. Source entity ids name rows of other services: plain uuids, schemas never join.

CREATE TABLE alert_rules (
    id               uuid         PRIMARY KEY,
    tenant_id        uuid         NOT NULL,
    name             varchar(120) NOT NULL,
    description      text,
    alert_type       varchar(20)  NOT NULL
        CHECK (alert_type IN ('LOW_STOCK', 'EXPIRY', 'PRODUCTION_DELAY', 'QUALITY_ISSUE', 'FORECAST_DEVIATION',
                              'EQUIPMENT', 'ORDER', 'SUPPLIER', 'SYSTEM')),
    source_service   varchar(32)  NOT NULL
        CHECK (source_service IN ('inventory-service', 'production-service', 'forecasting-service',
                                  'orders-service', 'suppliers-service', 'sales-service', 'pos-service')),
    conditions       jsonb        NOT NULL,
    severity         varchar(8)   NOT NULL CHECK (severity IN ('LOW', 'MEDIUM', 'HIGH', 'URGENT')),
    channels         jsonb        NOT NULL DEFAULT '["IN_APP"]'::jsonb,
    cooldown_minutes integer      NOT NULL DEFAULT 60 CHECK (cooldown_minutes >= 0),
    is_enabled       boolean      NOT NULL DEFAULT true,
    created_by       uuid,
    created_at       timestamptz  NOT NULL DEFAULT now(),
    updated_at       timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT alert_rules_tenant_id_id_key UNIQUE (tenant_id, id),
    CONSTRAINT alert_rules_tenant_id_name_key UNIQUE (tenant_id, name)
);

CREATE TABLE alerts (
    id                 uuid         PRIMARY KEY,
    tenant_id          uuid         NOT NULL,
    rule_id            uuid,
    alert_type         varchar(20)  NOT NULL
        CHECK (alert_type IN ('LOW_STOCK', 'EXPIRY', 'PRODUCTION_DELAY', 'QUALITY_ISSUE', 'FORECAST_DEVIATION',
                              'EQUIPMENT', 'ORDER', 'SUPPLIER', 'SYSTEM')),
    severity           varchar(8)   NOT NULL CHECK (severity IN ('LOW', 'MEDIUM', 'HIGH', 'URGENT')),
    status             varchar(12)  NOT NULL
        CHECK (status IN ('ACTIVE', 'ACKNOWLEDGED', 'IN_PROGRESS', 'RESOLVED', 'DISMISSED')),
    source_service     varchar(32)  NOT NULL,
    source_entity_type varchar(64),
    source_entity_id   uuid,
    dedup_key          varchar(128) NOT NULL,
    title              varchar(255) NOT NULL,
    message            text         NOT NULL,
    payload            jsonb        NOT NULL DEFAULT '{}'::jsonb,
    suggested_actions  jsonb,
    occurrence_count   integer      NOT NULL DEFAULT 1 CHECK (occurrence_count > 0),
    first_seen_at      timestamptz  NOT NULL,
    last_seen_at       timestamptz  NOT NULL,
    resolved_at        timestamptz,
    resolved_by        uuid,
    CONSTRAINT alerts_tenant_id_id_key UNIQUE (tenant_id, id),
    CONSTRAINT alerts_rule_fk FOREIGN KEY (tenant_id, rule_id)
        REFERENCES alert_rules (tenant_id, id),
    CONSTRAINT alerts_last_seen_after_first CHECK (last_seen_at >= first_seen_at),
    CONSTRAINT alerts_resolved_after_first_seen CHECK (resolved_at IS NULL OR resolved_at >= first_seen_at)
);

CREATE INDEX alerts_tenant_id_status_idx ON alerts (tenant_id, status, severity, last_seen_at);
CREATE INDEX alerts_tenant_id_dedup_key_idx ON alerts (tenant_id, dedup_key);
CREATE INDEX alerts_tenant_id_rule_id_idx ON alerts (tenant_id, rule_id);

CREATE TABLE alert_interactions (
    id                    uuid        PRIMARY KEY,
    tenant_id             uuid        NOT NULL,
    alert_id              uuid        NOT NULL,
    user_id               uuid        NOT NULL,
    interaction_type      varchar(16) NOT NULL
        CHECK (interaction_type IN ('VIEWED', 'ACKNOWLEDGED', 'SNOOZED', 'COMMENTED', 'ESCALATED', 'RESOLVED',
                                    'DISMISSED')),
    channel               varchar(8)  NOT NULL CHECK (channel IN ('WEB', 'MOBILE', 'EMAIL', 'API')),
    comment               text,
    response_time_seconds integer     CHECK (response_time_seconds >= 0),
    metadata              jsonb,
    interacted_at         timestamptz NOT NULL,
    snoozed_until         timestamptz,
    CONSTRAINT alert_interactions_alert_fk FOREIGN KEY (tenant_id, alert_id)
        REFERENCES alerts (tenant_id, id),
    CONSTRAINT alert_interactions_snoozed_after_interaction
        CHECK (snoozed_until IS NULL OR snoozed_until >= interacted_at)
);

CREATE INDEX alert_interactions_tenant_id_alert_id_idx ON alert_interactions (tenant_id, alert_id, interacted_at);
CREATE INDEX alert_interactions_tenant_id_user_id_idx ON alert_interactions (tenant_id, user_id);
