-- A table a later migration adds: exported with no code.
CREATE TABLE vault.reminders (
    id        uuid PRIMARY KEY,
    tenant_id uuid NOT NULL,
    account_id uuid NOT NULL,
    due       date NOT NULL,
    FOREIGN KEY (tenant_id, account_id) REFERENCES vault.accounts (tenant_id, id)
);
CREATE INDEX ON vault.reminders (tenant_id, account_id);
