-- Notifications sent to a bakery's people, the channels each of them wants per event, the templates
-- notifications are rendered from, and every delivery attempt. A template with a null tenant_id is a
-- system template shared by every tenant (kept when a tenant is erased); a tenant's own templates,
-- like every other row here, carry its tenant_id, and foreign keys include it.

CREATE TABLE notification_templates (
    id         uuid         PRIMARY KEY,
    -- null: a system template, available to every tenant
    tenant_id  uuid,
    code       varchar(64)  NOT NULL,
    channel    varchar(8)   NOT NULL CHECK (channel IN ('EMAIL', 'SMS', 'PUSH', 'WHATSAPP', 'IN_APP')),
    locale     varchar(5)   NOT NULL CHECK (locale IN ('es', 'en', 'ca', 'eu', 'gl')),
    subject    varchar(300),
    body       text         NOT NULL,
    is_active  boolean      NOT NULL DEFAULT true,
    created_at timestamptz  NOT NULL DEFAULT now(),
    updated_at timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT notification_templates_tenant_id_id_key UNIQUE (tenant_id, id),
    CONSTRAINT notification_templates_tenant_id_code_key UNIQUE NULLS NOT DISTINCT (tenant_id, code, channel, locale)
);

CREATE TABLE notification_preferences (
    id                uuid        PRIMARY KEY,
    tenant_id         uuid        NOT NULL,
    user_id           uuid        NOT NULL,
    event_type        varchar(32) NOT NULL
        CHECK (event_type IN ('ORDER_CREATED', 'LOW_STOCK', 'FORECAST_READY', 'TRAINING_COMPLETED',
                              'POS_SYNC_FAILED', 'DAILY_SUMMARY')),
    channel           varchar(8)  NOT NULL CHECK (channel IN ('EMAIL', 'SMS', 'PUSH', 'WHATSAPP', 'IN_APP')),
    enabled           boolean     NOT NULL DEFAULT true,
    digest            varchar(16) NOT NULL DEFAULT 'IMMEDIATE' CHECK (digest IN ('IMMEDIATE', 'HOURLY', 'DAILY')),
    quiet_hours_start time,
    quiet_hours_end   time,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT notification_preferences_user_event_channel_key UNIQUE (tenant_id, user_id, event_type, channel)
);

CREATE TABLE notifications (
    id                uuid         PRIMARY KEY,
    tenant_id         uuid         NOT NULL,
    -- the tenant's own template it was rendered from; null when a system template was used
    template_id       uuid,
    template_code     varchar(64)  NOT NULL,
    recipient_user_id uuid,
    recipient_address varchar(254),
    event_type        varchar(32)  NOT NULL
        CHECK (event_type IN ('ORDER_CREATED', 'LOW_STOCK', 'FORECAST_READY', 'TRAINING_COMPLETED',
                              'POS_SYNC_FAILED', 'DAILY_SUMMARY')),
    channel           varchar(8)   NOT NULL CHECK (channel IN ('EMAIL', 'SMS', 'PUSH', 'WHATSAPP', 'IN_APP')),
    priority          varchar(8)   NOT NULL DEFAULT 'NORMAL' CHECK (priority IN ('LOW', 'NORMAL', 'HIGH', 'URGENT')),
    status            varchar(16)  NOT NULL CHECK (status IN ('PENDING', 'SENT', 'DELIVERED', 'FAILED', 'READ')),
    subject           varchar(300),
    body              text         NOT NULL,
    data              jsonb        NOT NULL DEFAULT '{}'::jsonb,
    created_at        timestamptz  NOT NULL DEFAULT now(),
    sent_at           timestamptz,
    read_at           timestamptz,
    CONSTRAINT notifications_tenant_id_id_key UNIQUE (tenant_id, id),
    CONSTRAINT notifications_template_fk FOREIGN KEY (tenant_id, template_id)
        REFERENCES notification_templates (tenant_id, id),
    CONSTRAINT notifications_sent_after_created CHECK (sent_at IS NULL OR sent_at >= created_at),
    CONSTRAINT notifications_read_after_sent CHECK (read_at IS NULL OR read_at >= sent_at)
);

CREATE INDEX notifications_tenant_id_recipient_idx ON notifications (tenant_id, recipient_user_id, created_at);
CREATE INDEX notifications_tenant_id_template_id_idx ON notifications (tenant_id, template_id);

CREATE TABLE notification_deliveries (
    id                  uuid         PRIMARY KEY,
    tenant_id           uuid         NOT NULL,
    notification_id     uuid         NOT NULL,
    attempt             integer      NOT NULL CHECK (attempt BETWEEN 1 AND 10),
    provider            varchar(16)  NOT NULL CHECK (provider IN ('SMTP', 'SENDGRID', 'TWILIO', 'FCM', 'APNS')),
    provider_message_id varchar(128),
    status              varchar(16)  NOT NULL CHECK (status IN ('QUEUED', 'SENT', 'DELIVERED', 'BOUNCED', 'FAILED')),
    response_code       integer,
    error_message       text,
    attempted_at        timestamptz  NOT NULL,
    completed_at        timestamptz,
    CONSTRAINT notification_deliveries_attempt_key UNIQUE (tenant_id, notification_id, attempt),
    CONSTRAINT notification_deliveries_notification_fk FOREIGN KEY (tenant_id, notification_id)
        REFERENCES notifications (tenant_id, id),
    CONSTRAINT notification_deliveries_completed_after_attempted
        CHECK (completed_at IS NULL OR completed_at >= attempted_at)
);

-- System templates (tenant_id null), in Spanish and English.
INSERT INTO notification_templates (id, tenant_id, code, channel, locale, subject, body, created_at, updated_at) VALUES
    ('0c9f3a5e-4d2b-4e8a-9b1c-7d6e5f4a3b01', NULL, 'ORDER_CREATED', 'EMAIL', 'es',
     'Nuevo pedido {{order_number}}', 'Se ha recibido el pedido {{order_number}} de {{customer_name}}.',
     '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'),
    ('0c9f3a5e-4d2b-4e8a-9b1c-7d6e5f4a3b02', NULL, 'ORDER_CREATED', 'EMAIL', 'en',
     'New order {{order_number}}', 'Order {{order_number}} from {{customer_name}} has been received.',
     '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'),
    ('0c9f3a5e-4d2b-4e8a-9b1c-7d6e5f4a3b03', NULL, 'LOW_STOCK', 'PUSH', 'es',
     'Stock bajo', 'Quedan {{quantity}} {{unit}} de {{product_name}}.',
     '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'),
    ('0c9f3a5e-4d2b-4e8a-9b1c-7d6e5f4a3b04', NULL, 'FORECAST_READY', 'IN_APP', 'es',
     'Previsión lista', 'La previsión de demanda para {{date}} está disponible.',
     '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'),
    ('0c9f3a5e-4d2b-4e8a-9b1c-7d6e5f4a3b05', NULL, 'POS_SYNC_FAILED', 'EMAIL', 'es',
     'Error de sincronización del TPV', 'La sincronización con {{provider}} ha fallado: {{error}}.',
     '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'),
    ('0c9f3a5e-4d2b-4e8a-9b1c-7d6e5f4a3b06', NULL, 'DAILY_SUMMARY', 'WHATSAPP', 'es',
     NULL, 'Resumen de hoy: {{orders}} pedidos, {{sales}} € en ventas.',
     '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z');
