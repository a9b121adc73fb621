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
}
