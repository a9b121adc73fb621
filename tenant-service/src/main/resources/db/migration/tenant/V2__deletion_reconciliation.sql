-- Issue 14: tenant-service never calls the orchestrator inside a transaction of its own, and a
-- reconciler brings each pending tenant in line with its job.

-- The job's status as tenant-service last read it (from the creation's answer or the reconciler),
-- shown to the owner as deletion.job_status, and when the reconciler last took the tenant up.
ALTER TABLE tenants
    ADD COLUMN deletion_job_status text,
    ADD COLUMN deletion_checked_at timestamptz;

-- A delivery in flight holds its row by a claim (claim_id, until claimed_until on PostgreSQL's
-- clock) instead of a row lock held during the call. possibly_delivered: an earlier call may have
-- reached the orchestrator (it timed out, or its instance died during it), so a cancel must ask
-- the orchestrator instead of dropping the request here.
ALTER TABLE tenant_deletion_outbox
    ADD COLUMN claim_id uuid,
    ADD COLUMN claimed_until timestamptz,
    ADD COLUMN possibly_delivered boolean NOT NULL DEFAULT false;

-- The reconciler's rounds take pending tenants least recently checked first.
CREATE INDEX tenants_deletion_pending ON tenants (deletion_checked_at) WHERE status = 'DELETION_PENDING';
