-- Issue 15: no single credential erases a bakery. An administrator's action (creating a job without
-- the owner's request, cancelling one, putting one forward) is a request that does nothing until a
-- second, different administrator approves it. The audit chain records both (ADMIN_ACTION_REQUESTED,
-- ADMIN_ACTION_APPROVED); this table is what the job view and the receipt read.

-- A job an administrator created waits here, PENDING, until approved: no worker claims it.
ALTER TABLE deletion_job ADD COLUMN awaiting_approval boolean NOT NULL DEFAULT false;

CREATE TABLE deletion_admin_request (
    id           uuid        PRIMARY KEY,
    job_id       uuid        NOT NULL REFERENCES deletion_job (id),
    action       text        NOT NULL CHECK (action IN ('CREATE', 'CANCEL', 'EXPEDITE')),
    requested_by text        NOT NULL,
    reason       text        NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
    -- EXPEDITE only: the earlier not_before asked for.
    not_before   timestamptz,
    requested_at timestamptz NOT NULL,
    -- Pending while NULL; never the requester (four eyes).
    approved_by  text,
    approved_at  timestamptz,
    CHECK ((action = 'EXPEDITE') = (not_before IS NOT NULL)),
    CHECK ((approved_by IS NULL) = (approved_at IS NULL)),
    CHECK (approved_by IS NULL OR approved_by <> requested_by)
);

-- One pending request per job and action: a second one is refused until the first is approved.
CREATE UNIQUE INDEX deletion_admin_request_one_pending
    ON deletion_admin_request (job_id, action)
    WHERE approved_at IS NULL;

CREATE INDEX deletion_admin_request_by_job ON deletion_admin_request (job_id, requested_at);
