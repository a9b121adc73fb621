-- The owner's exports of the tenant's data (GDPR Art. 20; POST /api/v1/tenants/{id}/exports). An
-- export's archive is never stored: each download streams a fresh ZIP from the orchestrator, which
-- gathers every service's consistent snapshot. Only this record is kept, until expires_at (the
-- retention purge deletes it then) or the tenant's erasure, which erases it with the tenant's data
-- (tenant data: deletion-core's plan takes it, and the receipt counts it under tenant-service).
CREATE TABLE tenant_exports (
    export_id             uuid          PRIMARY KEY,
    tenant_id             uuid          NOT NULL REFERENCES tenants (tenant_id),
    requested_by          uuid          NOT NULL,
    requested_at          timestamptz   NOT NULL,
    expires_at            timestamptz   NOT NULL,
    downloads             integer       NOT NULL DEFAULT 0,
    last_download_at      timestamptz,
    -- COMPLETED (the whole archive went out) or FAILED (cut short: the client has no valid archive).
    last_download_outcome varchar(10)   CHECK (last_download_outcome IN ('STARTED', 'COMPLETED', 'FAILED')),
    last_download_bytes   bigint
);
CREATE INDEX tenant_exports_tenant ON tenant_exports (tenant_id, requested_at DESC);
CREATE INDEX tenant_exports_expiry ON tenant_exports (expires_at);
