-- Legal hold: an administrator (deletion-admin) may hold a tenant's erasure, with a reason and a
-- reference (a case or ticket number), and lift the hold later. While a hold is active no step of the
-- tenant's job starts: the claim query skips the job, and a worker that claimed it before re-checks at
-- each step's start under the job row's lock. A hold is placed only before the point of no return (no
-- step of the tenant's active job ever started), so a held tenant is never half erased.
-- A hold may be placed on a tenant without a job: it then applies to the tenant's next job.
-- The audit chain records LEGAL_HOLD_PLACED and LEGAL_HOLD_LIFTED; this table is what the job view, the
-- receipt and the hold endpoints read, and the record of holds of a tenant that had no job.

CREATE TABLE tenant_legal_hold (
    id          uuid        PRIMARY KEY,
    tenant_id   uuid        NOT NULL,
    reason      text        NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
    reference   text        NOT NULL CHECK (length(reference) BETWEEN 1 AND 1000),
    placed_by   text        NOT NULL,
    placed_at   timestamptz NOT NULL,
    -- Active while NULL.
    lifted_by   text,
    lifted_at   timestamptz,
    lift_reason text        CHECK (length(lift_reason) BETWEEN 1 AND 1000),
    CHECK ((lifted_by IS NULL) = (lifted_at IS NULL)),
    CHECK ((lifted_at IS NULL) = (lift_reason IS NULL)),
    CHECK (lifted_at IS NULL OR lifted_at >= placed_at)
);

-- At most one active hold per tenant; what the claim query's NOT EXISTS looks up.
CREATE UNIQUE INDEX tenant_legal_hold_one_active_per_tenant
    ON tenant_legal_hold (tenant_id)
    WHERE lifted_at IS NULL;

CREATE INDEX tenant_legal_hold_by_tenant ON tenant_legal_hold (tenant_id, placed_at);

-- Holds are records: the runtime role gets SELECT, INSERT and UPDATE (lifting) from the schema owner's
-- default privileges (scripts/db/roles.sql), but neither DELETE nor TRUNCATE. A database without the
-- roles (the tests', a developer's) has no grants to take back.
REVOKE DELETE, TRUNCATE, REFERENCES, TRIGGER ON tenant_legal_hold FROM PUBLIC;

DO $privileges$
DECLARE
    grantee text;
BEGIN
    FOR grantee IN
        SELECT DISTINCT quote_ident(pg_get_userbyid(a.grantee))
        FROM pg_class c, aclexplode(c.relacl) a
        WHERE c.oid = 'tenant_legal_hold'::regclass AND a.grantee <> c.relowner AND a.grantee <> 0
          AND a.privilege_type IN ('DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER')
    LOOP
        EXECUTE format('REVOKE DELETE, TRUNCATE, REFERENCES, TRIGGER ON tenant_legal_hold FROM %s', grantee);
    END LOOP;
END
$privileges$;
