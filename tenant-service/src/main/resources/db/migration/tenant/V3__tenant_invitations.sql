-- Invitations to join a tenant (role MEMBER or ADMIN) or to take over its ownership (role OWNER),
-- pending until the invited user accepts or declines them (item 9 of issue 15: nobody becomes a
-- member or the owner without consenting). Accepted and declined invitations are deleted. Tenant
-- data: erased with the tenant (deletion-core's plan takes every table with tenant_id) and, for the
-- invited user or the inviter, with their account (DELETE .../user/{userId}/memberships).
CREATE TABLE tenant_invitations (
    invitation_id uuid         PRIMARY KEY,
    tenant_id     uuid         NOT NULL REFERENCES tenants (tenant_id),
    user_id       uuid         NOT NULL,
    role          varchar(10)  NOT NULL CHECK (role IN ('OWNER', 'ADMIN', 'MEMBER')),
    invited_by    uuid         NOT NULL,
    created_at    timestamptz  NOT NULL
);
-- One pending invitation per user and tenant; also the index leading with tenant_id.
CREATE UNIQUE INDEX tenant_invitations_tenant_user ON tenant_invitations (tenant_id, user_id);
CREATE INDEX tenant_invitations_by_user ON tenant_invitations (user_id);
CREATE INDEX tenant_invitations_by_inviter ON tenant_invitations (invited_by);
