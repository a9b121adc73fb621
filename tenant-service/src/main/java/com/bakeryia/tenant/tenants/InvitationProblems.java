package com.bakeryia.tenant.tenants;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The problems of invitations, tenant-service's own (kept here rather than in fleet-platform's
 * catalogue, which no other service needs them in): {@code invitation-not-found} 404, {@code
 * already-invited} 409, {@code invitation-no-longer-valid} 409.
 */
final class InvitationProblems {

    private InvitationProblems() {}

    static ErrorResponseException notFound(Object invitationId) {
        return problem(
                HttpStatus.NOT_FOUND,
                "invitation-not-found",
                "Invitation not found",
                "Invitation " + invitationId + " does not exist or is not addressed to the caller");
    }

    static ErrorResponseException alreadyInvited(Object userId, Object tenantId) {
        return problem(
                HttpStatus.CONFLICT,
                "already-invited",
                "Already invited",
                "User " + userId + " already has a pending invitation to tenant " + tenantId);
    }

    static ErrorResponseException noLongerValid(String detail) {
        return problem(HttpStatus.CONFLICT, "invitation-no-longer-valid", "Invitation no longer valid", detail);
    }

    private static ErrorResponseException problem(HttpStatus status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:bakery-ia:problem:" + slug));
        problem.setTitle(title);
        return new ErrorResponseException(status, problem, null);
    }
}
