package com.bakeryia.fleet.web;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.springframework.http.ProblemDetail;

/** The fleet's answer to an exception nothing else answered: the cause in the log, none in the body. */
final class UnexpectedExceptions {

    private UnexpectedExceptions() {}

    /**
     * The 500 problem: a fixed detail that quotes the request's correlation id.
     *
     * @return the problem
     */
    static ProblemDetail problem() {
        String id = CorrelationId.current();
        return FleetProblem.INTERNAL_ERROR.detail(
                "An internal error occurred; quote correlation id " + (id != null ? id : "(none)"));
    }

    /**
     * Logs the exception at ERROR with the request and its correlation id.
     *
     * @param log the logger
     * @param request the request
     * @param e the exception
     */
    static void log(Logger log, HttpServletRequest request, Throwable e) {
        log.error(
                "Unexpected error serving {} {}, answered 500 (correlation id {}): {}",
                request.getMethod(),
                request.getRequestURI(),
                CorrelationId.current(),
                e.toString(),
                e);
    }
}
