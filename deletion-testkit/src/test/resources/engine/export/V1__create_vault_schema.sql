-- Shared reference data: never exported.
CREATE TABLE vault.regions (
    id   uuid PRIMARY KEY,
    name text NOT NULL
);
INSERT INTO vault.regions VALUES
    ('5b0c2f00-0000-4000-8000-000000000001', 'Norte'),
    ('5b0c2f00-0000-4000-8000-000000000002', 'Sur');

-- System rows (tenant_id null) beside the tenants' own rows: only the tenant's are exported.
CREATE TABLE vault.categories (
    id        uuid PRIMARY KEY,
    tenant_id uuid,
    name      text NOT NULL
);
CREATE INDEX ON vault.categories (tenant_id);
INSERT INTO vault.categories VALUES
    ('5b0c2f00-0000-4000-8000-0000000000c1', NULL, 'system: bread'),
    ('5b0c2f00-0000-4000-8000-0000000000c2', NULL, 'system: pastry');

CREATE TABLE vault.accounts (
    id        uuid PRIMARY KEY,
    tenant_id uuid NOT NULL,
    name      text NOT NULL,
    region_id uuid REFERENCES vault.regions (id),
    UNIQUE (tenant_id, id)
);

-- A child with a column of most types, for the round trip of the NDJSON.
CREATE TABLE vault.entries (
    id          uuid PRIMARY KEY,
    tenant_id   uuid NOT NULL,
    account_id  uuid NOT NULL,
    category_id uuid REFERENCES vault.categories (id),
    note        text,
    amount      numeric(12, 3),
    ratio       double precision,
    payload     jsonb,
    raw         bytea,
    happened_at timestamptz,
    day         date,
    tags        text[],
    settled     boolean,
    FOREIGN KEY (tenant_id, account_id) REFERENCES vault.accounts (tenant_id, id)
);
CREATE INDEX ON vault.entries (tenant_id, account_id);

-- Retained by law: not erased, not exported.
CREATE TABLE vault.invoices (
    id        uuid PRIMARY KEY,
    tenant_id uuid NOT NULL,
    amount    numeric(10, 2) NOT NULL
);
CREATE INDEX ON vault.invoices (tenant_id);
