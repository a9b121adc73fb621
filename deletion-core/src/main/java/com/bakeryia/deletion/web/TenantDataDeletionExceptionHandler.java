package com.bakeryia.deletion.web;

import com.bakeryia.fleet.web.CorrelationId;
import com.bakeryia.fleet.web.FleetProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * RFC 9457 answers for a database failure behind the deletion endpoints and for a delete beyond
 * {@code deletion.max-concurrent-runs} (503 with {@code Retry-After}); a malformed tenant id is
 * answered by the platform ({@link com.bakeryia.fleet.web.InvalidId} on the controller).
 */
@RestControllerAdvice(assignableTypes = TenantDataDeletionController.class)
class TenantDataDeletionExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(TenantDataDeletionExceptionHandler.class);

    @ExceptionHandler(CapacityExhaustedException.class)
    ResponseEntity<ProblemDetail> capacityExhausted(CapacityExhaustedException e) {
        log.info("Deletion refused: {} (deletion.max-concurrent-runs)", e.getMessage());
        ProblemDetail problem = FleetProblem.DELETION_CAPACITY_EXHAUSTED.detail(e.limit()
                + " deletion runs are already in progress in this service (deletion.max-concurrent-runs);"
                + " nothing was done: retry after " + e.retryAfterSeconds() + " s");
        return ResponseEntity.status(problem.getStatus())
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /**
     * The cause (its SQL, the database's message) goes to the log under the request's correlation id,
     * never to the caller.
     */
    @ExceptionHandler(DataAccessException.class)
    ProblemDetail databaseUnavailable(DataAccessException e) {
        log.warn("Tenant data could not be read (correlation id {}): {}", CorrelationId.current(), e.toString(), e);
        return FleetProblem.TENANT_DATA_UNAVAILABLE.detail(
                "The service's database did not answer; try again later, or quote correlation id "
                        + CorrelationId.current());
    }
}
