package com.bakeryia.deletion.web;

import com.bakeryia.fleet.web.FleetProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * RFC 9457 answer for a database failure behind the deletion endpoints; a malformed tenant id is
 * answered by the platform ({@link com.bakeryia.fleet.web.InvalidId} on the controller).
 */
@RestControllerAdvice(assignableTypes = TenantDataDeletionController.class)
class TenantDataDeletionExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(TenantDataDeletionExceptionHandler.class);

    @ExceptionHandler(DataAccessException.class)
    ProblemDetail databaseUnavailable(DataAccessException e) {
        log.warn("Tenant data could not be read", e);
        return FleetProblem.TENANT_DATA_UNAVAILABLE.detail("The service's database did not answer: "
                + e.getMostSpecificCause().getMessage());
    }
}
