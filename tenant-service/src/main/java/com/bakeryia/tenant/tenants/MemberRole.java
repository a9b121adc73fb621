package com.bakeryia.tenant.tenants;

/** A member's role in a tenant. */
public enum MemberRole {
    /** Exactly one per tenant: everything admins may, plus admins, ownership transfer and deletion. */
    OWNER,
    /** Manages members (not admins) and settings. */
    ADMIN,
    /** Reads the tenant. */
    MEMBER
}
