package com.bakeryia.orchestrator.job;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The RFC 9457 problems of the job API. */
public final class JobProblems {

    private static final String TYPE_PREFIX = "urn:bakery-ia:problem:";

    private JobProblems() {}

    /** 404: no job with that id. */
    public static ErrorResponseException notFound(Object jobId) {
        return problem(HttpStatus.NOT_FOUND, "job-not-found", "No deletion job " + jobId);
    }

    /** 409: the job's state does not allow the request. */
    public static ErrorResponseException conflict(String detail) {
        return problem(HttpStatus.CONFLICT, "job-state-conflict", detail);
    }

    /** 400: a malformed request. */
    public static ErrorResponseException badRequest(String detail) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-request", detail);
    }

    /** 403: the caller may not act on this job or tenant. */
    public static ErrorResponseException forbidden(String detail) {
        return problem(HttpStatus.FORBIDDEN, "forbidden", detail);
    }

    private static ErrorResponseException problem(HttpStatus status, String type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_PREFIX + type));
        return new ErrorResponseException(status, problem, null);
    }
}
