-- Retention (issue "Retention enforced"): finished jobs are purged with their steps, admin requests and
-- audit events after orchestrator.retention.jobs, and their personal fields (user ids, free-text reasons)
-- are redacted after orchestrator.retention.personal-data, while each job's audit chain stays verifiable.
--
-- Hash version v2: an event's chain hash covers the SHA-256 of its canonical payload (payload_hash)
-- instead of the payload itself, so the payload can be replaced by the marker {"redacted": true} and the
-- chain still verifies from the kept payload_hash. Events written before this migration have no
-- payload_hash (v1: the chain hash covers the payload); they stay verifiable as before and are never
-- redacted: they go with their whole job at the job retention.
ALTER TABLE deletion_audit_event ADD COLUMN payload_hash text
    CHECK (payload_hash IS NULL OR payload_hash ~ '^[0-9a-f]{64}$');

-- When the job's personal fields were last redacted (a FAILED job retried afterwards is redacted again
-- once it finished anew).
ALTER TABLE deletion_job ADD COLUMN redacted_at timestamptz;

-- Four eyes still holds for requests not redacted; a redacted request has both administrators replaced by
-- the marker.
DO $constraint$
DECLARE
    name text;
BEGIN
    SELECT conname INTO name FROM pg_constraint
     WHERE conrelid = 'deletion_admin_request'::regclass AND contype = 'c'
       AND pg_get_constraintdef(oid) LIKE '%approved_by <> requested_by%';
    IF name IS NOT NULL THEN
        EXECUTE format('ALTER TABLE deletion_admin_request DROP CONSTRAINT %I', name);
    END IF;
END
$constraint$;
ALTER TABLE deletion_admin_request ADD CONSTRAINT deletion_admin_request_four_eyes
    CHECK (approved_by IS NULL OR approved_by <> requested_by OR requested_by = 'redacted');

CREATE INDEX deletion_job_finished ON deletion_job (finished_at)
    WHERE status IN ('COMPLETED', 'CANCELLED', 'FAILED');

-- The append-only trigger now lets the table's owner, inside the retention functions below (which set
-- orchestrator.audit_retention for their transaction), delete the events of a finished job and replace a
-- v2 event's payload by the marker, nothing else of the row. Every other role, the runtime role included,
-- is refused as before (it has no UPDATE or DELETE privilege either: R__audit_event_privileges.sql).
CREATE OR REPLACE FUNCTION deletion_audit_event_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS
$$
DECLARE
    owner_role text;
BEGIN
    SELECT pg_get_userbyid(relowner) INTO owner_role FROM pg_class WHERE oid = TG_RELID;
    IF TG_LEVEL = 'ROW' AND current_user = owner_role
       AND current_setting('orchestrator.audit_retention', true) = 'on' THEN
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        IF TG_OP = 'UPDATE' AND OLD.payload_hash IS NOT NULL
           AND NEW.payload = '{"redacted": true}'::jsonb
           AND (NEW.id, NEW.job_id, NEW.sequence, NEW.at, NEW.type, NEW.prev_hash, NEW.hash, NEW.payload_hash)
               IS NOT DISTINCT FROM
               (OLD.id, OLD.job_id, OLD.sequence, OLD.at, OLD.type, OLD.prev_hash, OLD.hash, OLD.payload_hash) THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'deletion_audit_event is append-only: % is not allowed', TG_OP;
END;
$$;

-- Deletes the audit events of a finished job (COMPLETED, CANCELLED or FAILED with finished_at); refuses
-- any other job. Runs as its owner, the schema owner role; the runtime role may only EXECUTE it.
CREATE FUNCTION deletion_audit_purge(p_job_id uuid) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS
$$
DECLARE
    purged integer;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM deletion_job
                    WHERE id = p_job_id AND status IN ('COMPLETED', 'CANCELLED', 'FAILED') AND finished_at IS NOT NULL) THEN
        RAISE EXCEPTION 'job % has not finished: its audit events are kept', p_job_id;
    END IF;
    PERFORM set_config('orchestrator.audit_retention', 'on', true);
    DELETE FROM deletion_audit_event WHERE job_id = p_job_id;
    GET DIAGNOSTICS purged = ROW_COUNT;
    PERFORM set_config('orchestrator.audit_retention', 'off', true);
    RETURN purged;
END;
$$;

-- Replaces the payload of every v2 event of a finished job by {"redacted": true}; the chain hash and
-- payload_hash stay, so the chain still verifies. v1 events are left as they are.
CREATE FUNCTION deletion_audit_redact(p_job_id uuid) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS
$$
DECLARE
    redacted integer;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM deletion_job
                    WHERE id = p_job_id AND status IN ('COMPLETED', 'CANCELLED', 'FAILED') AND finished_at IS NOT NULL) THEN
        RAISE EXCEPTION 'job % has not finished: its audit events are kept', p_job_id;
    END IF;
    PERFORM set_config('orchestrator.audit_retention', 'on', true);
    UPDATE deletion_audit_event SET payload = '{"redacted": true}'::jsonb
     WHERE job_id = p_job_id AND payload_hash IS NOT NULL AND payload <> '{"redacted": true}'::jsonb;
    GET DIAGNOSTICS redacted = ROW_COUNT;
    PERFORM set_config('orchestrator.audit_retention', 'off', true);
    RETURN redacted;
END;
$$;

-- Deletes at most p_batch lifted holds, lifted before p_before, of tenants that have no job left (an
-- active hold is never purged). The runtime role has no DELETE on the table (V4).
CREATE FUNCTION tenant_legal_hold_purge(p_before timestamptz, p_batch integer) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS
$$
DECLARE
    purged integer;
BEGIN
    DELETE FROM tenant_legal_hold
     WHERE id IN (SELECT h.id FROM tenant_legal_hold h
                   WHERE h.lifted_at IS NOT NULL AND h.lifted_at < p_before
                     AND NOT EXISTS (SELECT 1 FROM deletion_job j WHERE j.tenant_id = h.tenant_id)
                   ORDER BY h.lifted_at LIMIT p_batch FOR UPDATE SKIP LOCKED);
    GET DIAGNOSTICS purged = ROW_COUNT;
    RETURN purged;
END;
$$;

REVOKE EXECUTE ON FUNCTION deletion_audit_purge(uuid), deletion_audit_redact(uuid),
    tenant_legal_hold_purge(timestamptz, integer) FROM PUBLIC;
