-- Who may do what to the audit chain (issue 15, least privilege). The schema owner's default privileges
-- (scripts/db/roles.sql) give the runtime role SELECT, INSERT, UPDATE, DELETE on every table; on
-- deletion_audit_event it keeps SELECT and INSERT (and its id sequence), nothing else: no UPDATE, DELETE,
-- TRUNCATE, REFERENCES or TRIGGER, for it or any other role but the table's owner. Not being the owner, it
-- cannot ALTER the table, disable or drop the append-only triggers either. Repeatable: it is run again
-- whenever it changes, after the versioned migrations, so that it never races their numbers; a role that
-- had nothing keeps nothing (the runtime role gets SELECT and INSERT only where it already has table
-- privileges, i.e. where the roles exist). Flyway's history table (${flyway:table}) likewise: the orchestrator
-- has no deletion-core, whose callback does this in the other services, and a runtime role that could
-- edit the history could make Flyway skip a migration.
REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON deletion_audit_event FROM PUBLIC;

DO $privileges$
DECLARE
    grantee text;
BEGIN
    FOR grantee IN
        SELECT DISTINCT quote_ident(pg_get_userbyid(a.grantee))
        FROM pg_class c, aclexplode(c.relacl) a
        WHERE c.oid = 'deletion_audit_event'::regclass AND a.grantee <> c.relowner AND a.grantee <> 0
          AND a.privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER')
    LOOP
        EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON deletion_audit_event FROM %s', grantee);
    END LOOP;
    FOR grantee IN
        SELECT DISTINCT quote_ident(pg_get_userbyid(a.grantee))
        FROM pg_class c, aclexplode(c.relacl) a
        WHERE c.oid = to_regclass(quote_ident('${flyway:table}')) AND a.grantee <> c.relowner AND a.grantee <> 0
          AND a.privilege_type IN ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER')
    LOOP
        EXECUTE format('REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON %I FROM %s',
                       '${flyway:table}', grantee);
    END LOOP;
END
$privileges$;

-- The retention functions (V5__retention.sql) run as the owner: the runtime role, the one role that may
-- append audit events (INSERT on deletion_audit_event), may EXECUTE them; PUBLIC may not.
DO $retention$
DECLARE
    grantee text;
BEGIN
    IF to_regprocedure('deletion_audit_purge(uuid)') IS NULL THEN
        RETURN;
    END IF;
    REVOKE EXECUTE ON FUNCTION deletion_audit_purge(uuid), deletion_audit_redact(uuid),
        tenant_legal_hold_purge(timestamptz, integer) FROM PUBLIC;
    FOR grantee IN
        SELECT DISTINCT quote_ident(pg_get_userbyid(a.grantee))
        FROM pg_class c, aclexplode(c.relacl) a
        WHERE c.oid = 'deletion_audit_event'::regclass AND a.grantee <> c.relowner AND a.grantee <> 0
          AND a.privilege_type = 'INSERT'
    LOOP
        EXECUTE format('GRANT EXECUTE ON FUNCTION deletion_audit_purge(uuid), deletion_audit_redact(uuid),'
                       ' tenant_legal_hold_purge(timestamptz, integer) TO %s', grantee);
    END LOOP;
END
$retention$;
