-- Tenants (bakeries), their members and settings, the outbox of deletion requests and the
-- tombstones left by erased tenants. deletion-core's rule applies to every table: tenant_id uuid
-- NOT NULL with an index leading with it. In tenants the primary key itself is named tenant_id.

CREATE TABLE tenants (
    tenant_id             uuid          PRIMARY KEY,
    name                  varchar(200)  NOT NULL,
    status                varchar(20)   NOT NULL CHECK (status IN ('ACTIVE', 'DELETION_PENDING')),
    created_by            uuid          NOT NULL,
    created_at            timestamptz   NOT NULL,
    -- The deletion job while the tenant is DELETION_PENDING (null while ACTIVE).
    deletion_job_id       uuid,
    deletion_requested_at timestamptz,
    deletion_not_before   timestamptz
);

CREATE TABLE tenant_members (
    tenant_id uuid         NOT NULL REFERENCES tenants (tenant_id),
    user_id   uuid         NOT NULL,
    role      varchar(10)  NOT NULL CHECK (role IN ('OWNER', 'ADMIN', 'MEMBER')),
    joined_at timestamptz  NOT NULL,
    PRIMARY KEY (tenant_id, user_id)
);
-- A tenant has at most one owner; ownership transfer demotes the old owner before promoting the new one.
CREATE UNIQUE INDEX tenant_members_one_owner ON tenant_members (tenant_id) WHERE role = 'OWNER';
CREATE INDEX tenant_members_by_user ON tenant_members (user_id);

-- Users removed from a tenant, so that their still-valid tokens get 403 rather than the 404 of a
-- tenant they never belonged to. Erased with the tenant, and with the user's account.
CREATE TABLE tenant_former_members (
    tenant_id  uuid         NOT NULL REFERENCES tenants (tenant_id),
    user_id    uuid         NOT NULL,
    removed_at timestamptz  NOT NULL,
    PRIMARY KEY (tenant_id, user_id)
);
CREATE INDEX tenant_former_members_by_user ON tenant_former_members (user_id);

CREATE TABLE tenant_settings (
    tenant_id  uuid         PRIMARY KEY REFERENCES tenants (tenant_id),
    time_zone  varchar(64)  NOT NULL,
    currency   varchar(3)   NOT NULL,
    locale     varchar(35)  NOT NULL,
    updated_at timestamptz  NOT NULL
);

-- Outbox of deletion requests: written in the transaction that marks the tenant DELETION_PENDING,
-- delivered to the orchestrator (PUT /api/v1/deletion-jobs/{job_id}) until it answers.
CREATE TABLE tenant_deletion_outbox (
    job_id          uuid           PRIMARY KEY,
    tenant_id       uuid           NOT NULL REFERENCES tenants (tenant_id),
    requested_by    varchar(100)   NOT NULL,
    reason          varchar(500),
    not_before      timestamptz    NOT NULL,
    attempts        integer        NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at timestamptz    NOT NULL,
    last_error      varchar(1000),
    created_at      timestamptz    NOT NULL,
    delivered_at    timestamptz,
    CONSTRAINT tenant_deletion_outbox_tenant_job_key UNIQUE (tenant_id, job_id)
);
CREATE INDEX tenant_deletion_outbox_due ON tenant_deletion_outbox (next_attempt_at) WHERE delivered_at IS NULL;

-- Proof that a tenant was erased: its id, when and by which job; no name, no personal data.
-- Declared retained, so a deletion never erases it.
CREATE TABLE tenant_tombstones (
    tenant_id  uuid         PRIMARY KEY,
    deleted_at timestamptz  NOT NULL,
    job_id     uuid
);
