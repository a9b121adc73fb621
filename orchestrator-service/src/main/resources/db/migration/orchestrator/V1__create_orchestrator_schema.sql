-- Deletion jobs, their steps (one per service) and the append-only audit chain of each job.
-- The orchestrator holds no tenant data of its own: tenant_id here only names whose data a job erases.

CREATE TABLE deletion_job (
    id               uuid        PRIMARY KEY,
    tenant_id        uuid        NOT NULL,
    status           text        NOT NULL
        CHECK (status IN ('PENDING', 'IN_PROGRESS', 'COMPLETED', 'FAILED', 'CANCELLED')),
    requested_by     text        NOT NULL,
    reason           text,
    not_before       timestamptz NOT NULL,
    created_at       timestamptz NOT NULL,
    started_at       timestamptz,
    finished_at      timestamptz,
    -- The worker holding the job, until lease_expires_at; lease_version is the fencing token,
    -- raised by every claim, so a worker that lost its lease can no longer write.
    lease_owner      text,
    lease_expires_at timestamptz,
    lease_version    bigint      NOT NULL DEFAULT 0,
    -- How many times a worker claimed the job.
    attempt          integer     NOT NULL DEFAULT 0,
    error            text,
    updated_at       timestamptz NOT NULL
);

-- One active job per tenant. FAILED counts as active: it is resumed by a retry, so a new request
-- for the tenant is answered with the failed job instead of a second job racing it.
CREATE UNIQUE INDEX deletion_job_one_active_per_tenant
    ON deletion_job (tenant_id)
    WHERE status IN ('PENDING', 'IN_PROGRESS', 'FAILED');

-- What workers poll: pending jobs that are due, running jobs whose lease may have expired.
CREATE INDEX deletion_job_claimable
    ON deletion_job (not_before)
    WHERE status IN ('PENDING', 'IN_PROGRESS');

CREATE INDEX deletion_job_by_tenant ON deletion_job (tenant_id, created_at DESC);
CREATE INDEX deletion_job_by_status ON deletion_job (status, created_at DESC);

CREATE TABLE deletion_step (
    job_id         uuid        NOT NULL REFERENCES deletion_job (id),
    service_name   text        NOT NULL,
    -- Steps are shown in this order; the final step (tenant-service) runs after all others succeeded.
    position       integer     NOT NULL,
    final_step     boolean     NOT NULL,
    status         text        NOT NULL
        CHECK (status IN ('PENDING', 'IN_PROGRESS', 'SUCCEEDED', 'FAILED')),
    -- HTTP calls made for this step, over every run of the job.
    attempts       integer     NOT NULL DEFAULT 0,
    deleted_counts json        NOT NULL DEFAULT '{}'::json,
    errors         jsonb       NOT NULL DEFAULT '[]'::jsonb,
    verified       boolean     NOT NULL DEFAULT false,
    started_at     timestamptz,
    finished_at    timestamptz,
    duration_ms    bigint,
    PRIMARY KEY (job_id, service_name)
);

-- Append-only: each event holds the hash of the one before it in its job's chain, so changing or
-- removing a row is detected by re-computing the chain. The trigger below refuses UPDATE, DELETE
-- and TRUNCATE for every role but a superuser that disables it on purpose.
CREATE TABLE deletion_audit_event (
    id        bigserial   PRIMARY KEY,
    job_id    uuid        NOT NULL REFERENCES deletion_job (id),
    sequence  integer     NOT NULL,
    at        timestamptz NOT NULL,
    type      text        NOT NULL,
    payload   jsonb       NOT NULL,
    prev_hash text        NOT NULL,
    hash      text        NOT NULL,
    UNIQUE (job_id, sequence)
);

CREATE FUNCTION deletion_audit_event_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'deletion_audit_event is append-only: % is not allowed', TG_OP;
END;
$$;

CREATE TRIGGER deletion_audit_event_append_only
    BEFORE UPDATE OR DELETE ON deletion_audit_event
    FOR EACH ROW EXECUTE FUNCTION deletion_audit_event_refuse_change();

CREATE TRIGGER deletion_audit_event_no_truncate
    BEFORE TRUNCATE ON deletion_audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION deletion_audit_event_refuse_change();
