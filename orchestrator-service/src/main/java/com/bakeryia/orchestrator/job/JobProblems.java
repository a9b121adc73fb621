package com.bakeryia.orchestrator.job;

import com.bakeryia.fleet.web.FleetProblem;
import com.bakeryia.fleet.web.FleetProblemException;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The RFC 9457 problems of the job API, of the fleet's catalogue ({@link FleetProblem}). */
public final class JobProblems {

    private JobProblems() {}

    /** 404: no job with that id. */
    public static ErrorResponseException notFound(Object jobId) {
        return new FleetProblemException(FleetProblem.JOB_NOT_FOUND, "No deletion job " + jobId);
    }

    /** 409: the job's state does not allow the request. */
    public static ErrorResponseException conflict(String detail) {
        return new FleetProblemException(FleetProblem.JOB_STATE_CONFLICT, detail);
    }

    /** 409: the job has passed the point of no return (a step started), or is COMPLETED. */
    public static ErrorResponseException notCancellable(String detail) {
        return new FleetProblemException(FleetProblem.JOB_NOT_CANCELLABLE, detail);
    }

    /** 400: a malformed request. */
    public static ErrorResponseException badRequest(String detail) {
        return new FleetProblemException(FleetProblem.INVALID_REQUEST, detail);
    }

    /** 403: the caller may not act on this job or tenant. */
    public static ErrorResponseException forbidden(String detail) {
        return new FleetProblemException(FleetProblem.FORBIDDEN, detail);
    }

    /** The {@code type} of {@link #fourEyesRequired}. */
    public static final URI FOUR_EYES_REQUIRED = URI.create("urn:bakery-ia:problem:four-eyes-required");

    /**
     * 403: an administrator approving their own request; a second, different administrator must.
     * Built here rather than in fleet-platform's {@link FleetProblem} catalogue because only the
     * orchestrator answers it; it belongs there when the catalogue next changes.
     */
    public static ErrorResponseException fourEyesRequired(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, detail);
        problem.setType(FOUR_EYES_REQUIRED);
        problem.setTitle("Four eyes required");
        return new ErrorResponseException(HttpStatus.FORBIDDEN, problem, null);
    }

    /** The {@code type} of {@link #legalHoldExists}. */
    public static final URI LEGAL_HOLD_EXISTS = URI.create("urn:bakery-ia:problem:legal-hold-exists");

    /** The {@code type} of {@link #pastPointOfNoReturn}. */
    public static final URI PAST_POINT_OF_NO_RETURN =
            URI.create("urn:bakery-ia:problem:erasure-past-point-of-no-return");

    /** The {@code type} of {@link #legalHoldNotFound}. */
    public static final URI LEGAL_HOLD_NOT_FOUND = URI.create("urn:bakery-ia:problem:legal-hold-not-found");

    /** 409: another hold (another reason or reference) is active on the tenant. Orchestrator only, as {@link #fourEyesRequired}. */
    public static ErrorResponseException legalHoldExists(String detail) {
        return problem(HttpStatus.CONFLICT, LEGAL_HOLD_EXISTS, "Legal hold exists", detail);
    }

    /** 409: the tenant's job has begun erasing, so it can no longer be held. Orchestrator only. */
    public static ErrorResponseException pastPointOfNoReturn(String detail) {
        return problem(HttpStatus.CONFLICT, PAST_POINT_OF_NO_RETURN, "Erasure past the point of no return", detail);
    }

    /** 404: the tenant has no active legal hold. Orchestrator only. */
    public static ErrorResponseException legalHoldNotFound(String detail) {
        return problem(HttpStatus.NOT_FOUND, LEGAL_HOLD_NOT_FOUND, "No legal hold", detail);
    }

    private static ErrorResponseException problem(HttpStatus status, URI type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        problem.setTitle(title);
        return new ErrorResponseException(status, problem, null);
    }
}
