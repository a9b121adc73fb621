-- The PostgreSQL roles of one service of the fleet (issue 15, least privilege), run by a superuser
-- (or a role with CREATEROLE that may grant on the database) on the fleet's database. Idempotent:
-- run it again at every start (scripts/fleet up does), after a new service, or to change a password.
--
--   psql -X -v ON_ERROR_STOP=1 -v schema=orders -v owner=bakery_orders_owner -v app=bakery_orders_app \
--        -v owner_password=... -v app_password=... -f scripts/db/roles.sql
--
-- (scripts/db/create-roles runs it for every service of the roster.) An empty password leaves the
-- role's password as it is (a new role then has none: enough where pg_hba trusts local connections).
--
-- What it makes:
--   owner  LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE: owns the schema; Flyway migrates as it
--          (spring.flyway.user, DB_MIGRATION_USER), deletion-core creates its fence and ledger as it.
--   app    LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE, no member of the owner: the service's runtime
--          connection (spring.datasource.username, DB_USER). USAGE on the schema, DML on what the
--          owner creates in it (default privileges), nothing on any other schema, no CREATE anywhere.
--   PUBLIC loses CREATE on schema public and CREATE and TEMPORARY on the database.
-- A schema that exists and belongs to another role (a database from before the roles) is adopted
-- once: the owner gets the schema and what is in it, the app DML on its tables and sequences.
-- Narrower grants are the service's own migrations' business (the orchestrator's audit table).

-- One run at a time in the cluster: two services started at once (scripts/fleet up of each) would
-- otherwise grant on the same catalog rows concurrently ("tuple concurrently updated"). The lock is
-- the session's and goes with it.
SELECT pg_advisory_lock(hashtextextended('bakery-fleet:roles.sql', 0));

SELECT set_config('bakery.schema', :'schema', false),
       set_config('bakery.owner', :'owner', false),
       set_config('bakery.app', :'app', false),
       set_config('bakery.owner_password', :'owner_password', false),
       set_config('bakery.app_password', :'app_password', false);

DO $roles$
DECLARE
    target_schema text := current_setting('bakery.schema');
    owner_role    text := current_setting('bakery.owner');
    app_role      text := current_setting('bakery.app');
    passwords     text[] := ARRAY[current_setting('bakery.owner_password'), current_setting('bakery.app_password')];
    roles         text[] := ARRAY[owner_role, app_role];
    schema_owner  text;
    object        record;
BEGIN
    IF target_schema = '' OR owner_role = '' OR app_role = '' OR owner_role = app_role THEN
        RAISE EXCEPTION 'roles.sql needs -v schema=..., -v owner=... and -v app=... (two different roles)';
    END IF;
    IF target_schema IN ('public', 'pg_catalog', 'information_schema') THEN
        RAISE EXCEPTION 'schema % is not a service schema', target_schema;
    END IF;
    FOR i IN 1 .. 2 LOOP
        BEGIN
            EXECUTE format('CREATE ROLE %I LOGIN', roles[i]);
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL; -- made earlier, or by a run of this script at the same time
        END;
        EXECUTE format('ALTER ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS',
                       roles[i]);
        IF passwords[i] <> '' THEN
            EXECUTE format('ALTER ROLE %I PASSWORD %L', roles[i], passwords[i]);
        END IF;
    END LOOP;
    IF pg_has_role(app_role, owner_role, 'MEMBER') THEN
        EXECUTE format('REVOKE %I FROM %I', owner_role, app_role);
    END IF;

    SELECT pg_get_userbyid(nspowner) INTO schema_owner FROM pg_namespace WHERE nspname = target_schema;
    IF schema_owner IS NULL THEN
        EXECUTE format('CREATE SCHEMA %I AUTHORIZATION %I', target_schema, owner_role);
    ELSIF schema_owner <> owner_role THEN
        RAISE NOTICE 'adopting schema % (owned by %) for %', target_schema, schema_owner, owner_role;
        EXECUTE format('ALTER SCHEMA %I OWNER TO %I', target_schema, owner_role);
        -- Tables take their indexes, triggers and column sequences with them.
        FOR object IN
            SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = target_schema AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
              AND pg_get_userbyid(c.relowner) <> owner_role
              AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d
                       WHERE d.objid = c.oid AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')))
        LOOP
            EXECUTE format('ALTER %s %I.%I OWNER TO %I',
                           CASE object.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                                WHEN 'f' THEN 'FOREIGN TABLE' WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END,
                           target_schema, object.relname, owner_role);
        END LOOP;
        FOR object IN
            SELECT p.oid::regprocedure AS signature, p.prokind FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = target_schema AND pg_get_userbyid(p.proowner) <> owner_role
        LOOP
            EXECUTE format('ALTER %s %s OWNER TO %I',
                           CASE object.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END,
                           object.signature, owner_role);
        END LOOP;
        FOR object IN
            SELECT t.typname, t.typtype FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
            WHERE n.nspname = target_schema AND t.typtype IN ('e', 'd')
              AND pg_get_userbyid(t.typowner) <> owner_role
        LOOP
            EXECUTE format('ALTER %s %I.%I OWNER TO %I', CASE object.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END,
                           target_schema, object.typname, owner_role);
        END LOOP;
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO %I', target_schema, app_role);
        EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO %I', target_schema, app_role);
    END IF;

    EXECUTE format('REVOKE ALL ON SCHEMA %I FROM PUBLIC', target_schema);
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', target_schema, app_role);
    EXECUTE format('REVOKE CREATE ON SCHEMA %I FROM %I', target_schema, app_role);
    EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I',
                   owner_role, target_schema, app_role);
    EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA %I GRANT USAGE, SELECT ON SEQUENCES TO %I',
                   owner_role, target_schema, app_role);

    EXECUTE format('REVOKE CREATE, TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I, %I', current_database(), owner_role, app_role);
    IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'public') THEN
        REVOKE CREATE ON SCHEMA public FROM PUBLIC;
    END IF;
END
$roles$;
