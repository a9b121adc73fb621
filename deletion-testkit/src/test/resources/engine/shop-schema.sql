CREATE SCHEMA shop;

CREATE TABLE shop.cities (
    id   uuid PRIMARY KEY,
    name text NOT NULL
);
INSERT INTO shop.cities VALUES
    ('8a6f0b9e-0000-4000-8000-000000000001', 'Madrid'),
    ('8a6f0b9e-0000-4000-8000-000000000002', 'Sevilla');

CREATE TABLE shop.customers (
    id        uuid PRIMARY KEY,
    tenant_id uuid NOT NULL,
    name      varchar(100) NOT NULL,
    city_id   uuid REFERENCES shop.cities (id),
    UNIQUE (tenant_id, id)
);

CREATE TABLE shop.orders (
    id          uuid PRIMARY KEY,
    tenant_id   uuid NOT NULL,
    customer_id uuid NOT NULL,
    total       numeric(10, 2) NOT NULL CHECK (total >= 0),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, customer_id) REFERENCES shop.customers (tenant_id, id)
);
CREATE INDEX ON shop.orders (tenant_id, customer_id);

CREATE TABLE shop.order_lines (
    id        uuid PRIMARY KEY,
    tenant_id uuid NOT NULL,
    order_id  uuid NOT NULL,
    quantity  integer NOT NULL CHECK (quantity > 0),
    FOREIGN KEY (tenant_id, order_id) REFERENCES shop.orders (tenant_id, id)
);
CREATE INDEX ON shop.order_lines (tenant_id, order_id);

CREATE TABLE shop.tax_records (
    id        uuid PRIMARY KEY,
    tenant_id uuid NOT NULL,
    amount    numeric(10, 2) NOT NULL
);
CREATE INDEX ON shop.tax_records (tenant_id);

CREATE TABLE shop.audit_notes (
    id        uuid PRIMARY KEY,
    tenant_id uuid NOT NULL,
    note      text NOT NULL
);
CREATE INDEX ON shop.audit_notes (tenant_id);

-- Fault injection, outside the schema under test: 'fail' makes deleting the tenant's customers
-- raise an error; 'recreate' writes a new audit note for every one deleted, with triggers off (as
-- a logical replica or a restore with triggers disabled would write), so that the note bypasses
-- the erasure fence and only the deletion's verification can notice it.
CREATE TABLE public.faults (
    tenant_id uuid PRIMARY KEY,
    kind      text NOT NULL CHECK (kind IN ('fail', 'recreate'))
);

CREATE FUNCTION public.fail_customer_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM public.faults WHERE tenant_id = OLD.tenant_id AND kind = 'fail') THEN
        RAISE EXCEPTION 'injected fault for tenant %', OLD.tenant_id;
    END IF;
    RETURN OLD;
END $$;
CREATE TRIGGER fail_customer_delete BEFORE DELETE ON shop.customers
    FOR EACH ROW EXECUTE FUNCTION public.fail_customer_delete();

CREATE FUNCTION public.recreate_audit_note() RETURNS trigger LANGUAGE plpgsql
SET session_replication_role = replica AS $$
BEGIN
    INSERT INTO shop.audit_notes (id, tenant_id, note)
    SELECT gen_random_uuid(), OLD.tenant_id, 'written during the deletion'
    WHERE EXISTS (SELECT 1 FROM public.faults WHERE tenant_id = OLD.tenant_id AND kind = 'recreate');
    RETURN OLD;
END $$;
CREATE TRIGGER recreate_audit_note AFTER DELETE ON shop.audit_notes
    FOR EACH ROW EXECUTE FUNCTION public.recreate_audit_note();

-- Fault injection into deletion-core's erasure ledger: a ledger row of the tenant for the named
-- table cannot be written. The trigger itself is created by the test once deletion-core has
-- created shop.tenant_erasure_ledger at start-up.
CREATE TABLE public.ledger_faults (
    tenant_id  uuid NOT NULL,
    table_name text NOT NULL,
    PRIMARY KEY (tenant_id, table_name)
);

CREATE FUNCTION public.fail_ledger_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM public.ledger_faults WHERE tenant_id = NEW.tenant_id AND table_name = NEW.table_name) THEN
        RAISE EXCEPTION 'injected ledger fault for tenant % in %', NEW.tenant_id, NEW.table_name;
    END IF;
    RETURN NEW;
END $$;
