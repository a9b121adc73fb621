package com.bakeryia.deletion.web;

import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** RFC 9457 answers for what the deletion endpoints can refuse or fail with. */
@RestControllerAdvice(assignableTypes = TenantDataDeletionController.class)
class TenantDataDeletionExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(TenantDataDeletionExceptionHandler.class);

    @ExceptionHandler(InvalidTenantIdException.class)
    ProblemDetail invalidTenantId(InvalidTenantIdException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid tenant id");
        problem.setType(URI.create("urn:bakery-ia:problem:invalid-tenant-id"));
        return problem;
    }

    @ExceptionHandler(DataAccessException.class)
    ProblemDetail databaseUnavailable(DataAccessException e) {
        log.warn("Tenant data could not be read", e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE,
                "The service's database did not answer: "
                        + e.getMostSpecificCause().getMessage());
        problem.setTitle("Tenant data unavailable");
        problem.setType(URI.create("urn:bakery-ia:problem:tenant-data-unavailable"));
        return problem;
    }
}
