-- Issue 14: a job that a later attempt may finish waits RETRYING instead of FAILED, until its
-- deadline; FAILED is left for what retrying cannot fix. Every due time is on PostgreSQL's clock.

ALTER TABLE deletion_job DROP CONSTRAINT deletion_job_status_check;
ALTER TABLE deletion_job ADD CONSTRAINT deletion_job_status_check
    CHECK (status IN ('PENDING', 'IN_PROGRESS', 'RETRYING', 'COMPLETED', 'FAILED', 'CANCELLED'));

ALTER TABLE deletion_job
    -- When the job becomes FAILED (reason deadline) unless COMPLETED: due time + orchestrator.jobs.deadline.
    ADD COLUMN deadline_at     timestamptz,
    -- While RETRYING: when a worker takes it up again (its earliest step's next attempt).
    ADD COLUMN next_attempt_at timestamptz,
    -- While RETRYING (and IN_PROGRESS after it): when the current run of retryable failures began.
    ADD COLUMN retrying_since  timestamptz,
    -- While FAILED: rejected, residue, deadline or not-configured.
    ADD COLUMN failure_reason  text
        CHECK (failure_reason IN ('rejected', 'residue', 'deadline', 'not-configured'));

-- The default deadline (P25D) from when each existing job was due.
UPDATE deletion_job SET deadline_at = greatest(created_at, not_before) + interval '25 days';
ALTER TABLE deletion_job ALTER COLUMN deadline_at SET NOT NULL;

DROP INDEX deletion_job_one_active_per_tenant;
CREATE UNIQUE INDEX deletion_job_one_active_per_tenant
    ON deletion_job (tenant_id)
    WHERE status IN ('PENDING', 'IN_PROGRESS', 'RETRYING', 'FAILED');

DROP INDEX deletion_job_claimable;
CREATE INDEX deletion_job_claimable
    ON deletion_job (not_before)
    WHERE status IN ('PENDING', 'IN_PROGRESS', 'RETRYING');

ALTER TABLE deletion_step DROP CONSTRAINT deletion_step_status_check;
ALTER TABLE deletion_step ADD CONSTRAINT deletion_step_status_check
    CHECK (status IN ('PENDING', 'IN_PROGRESS', 'RETRYING', 'SUCCEEDED', 'FAILED'));

ALTER TABLE deletion_step
    -- Scheduled retries that count toward the backoff (an open breaker or a Retry-After does not).
    ADD COLUMN retries         integer     NOT NULL DEFAULT 0,
    -- While RETRYING: when the step is called again.
    ADD COLUMN next_attempt_at timestamptz,
    ADD COLUMN last_error      text,
    -- The service's erased_before: another job had fenced the tenant before this one.
    ADD COLUMN erased_before   jsonb,
    -- While FAILED: why (rejected, residue, not-configured), so the job's failure names it after a takeover.
    ADD COLUMN failure_reason  text
        CHECK (failure_reason IN ('rejected', 'residue', 'not-configured'));
