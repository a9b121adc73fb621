package com.bakeryia.deletion.web;

/** A path named a tenant with something that is not a canonical UUID. */
class InvalidTenantIdException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    InvalidTenantIdException(String tenantId) {
        super("Tenant id '" + abbreviate(tenantId) + "' is not a canonical UUID (8-4-4-4-12 hexadecimal digits)");
    }

    private static String abbreviate(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "...";
    }
}
