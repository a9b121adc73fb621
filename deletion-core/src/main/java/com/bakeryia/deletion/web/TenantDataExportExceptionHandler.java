package com.bakeryia.deletion.web;

import com.bakeryia.deletion.TenantErasureBegunException;
import com.bakeryia.fleet.web.CorrelationId;
import com.bakeryia.fleet.web.FleetProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * RFC 9457 answers of the export endpoint before its archive begins: a fenced tenant (409), a full
 * {@code deletion.export.max-concurrent} (503 with {@code Retry-After}), a database that does not
 * answer (503). A failure once the archive has begun is not answered here: the response is
 * committed, and the exception goes on to the container, which cuts the body short.
 */
@RestControllerAdvice(assignableTypes = TenantDataExportController.class)
class TenantDataExportExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(TenantDataExportExceptionHandler.class);

    @ExceptionHandler(TenantErasureBegunException.class)
    ResponseEntity<ProblemDetail> erasureBegun(TenantErasureBegunException e) {
        log.info("Export refused: {}", e.getMessage());
        return problem(FleetProblem.TENANT_ERASURE_BEGUN.detail("The erasure of tenant " + e.tenantId()
                + " began in this service at " + e.fencedAt() + "; its data can no longer be exported"));
    }

    @ExceptionHandler(CapacityExhaustedException.class)
    ResponseEntity<ProblemDetail> capacityExhausted(CapacityExhaustedException e) {
        log.info("Export refused: {} (deletion.export.max-concurrent)", e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(FleetProblem.EXPORT_CAPACITY_EXHAUSTED.detail(e.limit()
                        + " exports are already in progress in this service (deletion.export.max-concurrent);"
                        + " nothing was done: retry after " + e.retryAfterSeconds() + " s"));
    }

    /** The cause goes to the log under the request's correlation id, never to the caller. */
    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<ProblemDetail> databaseUnavailable(DataAccessException e) {
        log.warn("Tenant data could not be exported (correlation id {}): {}", CorrelationId.current(), e.toString(), e);
        return problem(FleetProblem.TENANT_DATA_UNAVAILABLE.detail(
                "The service's database did not answer; try again later, or quote correlation id "
                        + CorrelationId.current()));
    }

    private static ResponseEntity<ProblemDetail> problem(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
