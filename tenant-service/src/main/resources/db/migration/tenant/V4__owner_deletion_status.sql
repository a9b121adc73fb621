-- Each erasure request of a tenant, so that its owner can follow it (GET /api/v1/tenants/{id}/deletion)
-- and, after the erasure, still read its outcome and download the receipt during
-- tenant.deletion.status-retention (P90D). Declared retained (TenantErasure): the tenant's erasure
-- does not erase it; the retention purge deletes a row once its retention has passed. It holds the
-- owner's user id (pseudonymous; who may read the status after the tenant is gone) and nothing else
-- personal. No foreign key to tenants: the row outlives the tenant.
CREATE TABLE tenant_deletion_requests (
    job_id        uuid         PRIMARY KEY,
    tenant_id     uuid         NOT NULL,
    -- The tenant's owner at the request, who may read the status after the erasure; null when the
    -- erasure followed the deletion of the last member's account (nobody is left to read it).
    owner_id      uuid,
    requested_by  text         NOT NULL,
    requested_at  timestamptz  NOT NULL,
    erase_at      timestamptz  NOT NULL,
    cancelled_at  timestamptz,
    erased_at     timestamptz
);
CREATE INDEX tenant_deletion_requests_tenant ON tenant_deletion_requests (tenant_id, requested_at DESC);
-- The retention purge's scan.
CREATE INDEX tenant_deletion_requests_ended ON tenant_deletion_requests ((coalesce(erased_at, cancelled_at)))
    WHERE erased_at IS NOT NULL OR cancelled_at IS NOT NULL;
