package com.bakeryia.deletion;

import org.springframework.dao.DataAccessResourceFailureException;

/** Reading a tenant's rows failed: the database did not answer or refused the query. */
class TenantDataAccessException extends DataAccessResourceFailureException {

    private static final long serialVersionUID = 1L;

    TenantDataAccessException(String message, Throwable cause) {
        super(message, cause);
    }
}
