package com.bakeryia.fleet.web;

import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The catalogue of the RFC 9457 problems the fleet answers with: each kind's {@code type} ({@code
 * urn:bakery-ia:problem:<slug>}), {@code title} and status, in one place. Throw a {@link
 * FleetProblemException} of a kind; a malformed id parameter is answered by the platform, see {@link
 * InvalidId}. The 401 and 403 of the security chains carry no slug of their own ({@code
 * about:blank}): the status says all.
 */
public enum FleetProblem {

    /** 401: no valid bearer token. */
    UNAUTHORIZED(HttpStatus.UNAUTHORIZED, null, "Unauthorized"),

    /** 403: the token does not grant the request. */
    ACCESS_DENIED(HttpStatus.FORBIDDEN, null, "Forbidden"),

    /** An id in the path or body is not a canonical UUID (tenant-service). */
    INVALID_ID(HttpStatus.BAD_REQUEST, "invalid-id", "Invalid id"),

    /** The tenant id in the path of a deletion endpoint is not a canonical UUID. */
    INVALID_TENANT_ID(HttpStatus.BAD_REQUEST, "invalid-tenant-id", "Invalid tenant id"),

    /** A malformed request to the orchestrator: an id that is not a UUID, a missing field, a bad page. */
    INVALID_REQUEST(HttpStatus.BAD_REQUEST, "invalid-request", "Bad Request"),

    /** The request body is not the documented JSON (unknown field, missing or invalid value). */
    INVALID_REQUEST_BODY(HttpStatus.BAD_REQUEST, "invalid-request-body", "Invalid request body"),

    /**
     * The request body is larger than {@code deletion.web.max-request-body-size}: refused before it is
     * parsed.
     */
    REQUEST_TOO_LARGE(HttpStatus.PAYLOAD_TOO_LARGE, "request-too-large", "Request too large"),

    /**
     * An exception no handler answered: the detail quotes the request's correlation id and says nothing
     * of the cause, which is in the service's log under that id.
     */
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error"),

    /** A deletion endpoint could not reach its service's database. */
    TENANT_DATA_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "tenant-data-unavailable", "Tenant data unavailable"),

    /**
     * A deletion endpoint already runs {@code deletion.max-concurrent-runs} deletions: answered at once,
     * with {@code Retry-After}, nothing done.
     */
    DELETION_CAPACITY_EXHAUSTED(
            HttpStatus.SERVICE_UNAVAILABLE, "deletion-capacity-exhausted", "Deletion capacity exhausted"),

    /** No deletion job with that id. */
    JOB_NOT_FOUND(HttpStatus.NOT_FOUND, "job-not-found", "Not Found"),

    /** The deletion job's state does not allow the request. */
    JOB_STATE_CONFLICT(HttpStatus.CONFLICT, "job-state-conflict", "Conflict"),

    /** A cancel of a deletion job past the point of no return (a step started), or COMPLETED. */
    JOB_NOT_CANCELLABLE(HttpStatus.CONFLICT, "job-not-cancellable", "Job not cancellable"),

    /** The caller may not act on this deletion job or tenant. */
    FORBIDDEN(HttpStatus.FORBIDDEN, "forbidden", "Forbidden"),

    /** The tenant does not exist or the caller does not belong to it: the two are not told apart. */
    TENANT_NOT_FOUND(HttpStatus.NOT_FOUND, "tenant-not-found", "Tenant not found"),

    /** The caller was removed from the tenant; their token is still valid but grants nothing there. */
    MEMBERSHIP_REVOKED(HttpStatus.FORBIDDEN, "membership-revoked", "Membership revoked"),

    /** The caller's role in the tenant does not allow the operation. */
    INSUFFICIENT_ROLE(HttpStatus.FORBIDDEN, "insufficient-role", "Insufficient role"),

    /** The caller may not act for another user. */
    NOT_YOUR_ACCOUNT(HttpStatus.FORBIDDEN, "not-your-account", "Not your account"),

    /** The tenant is being erased: its members, settings and owner cannot change. */
    TENANT_DELETION_PENDING(HttpStatus.CONFLICT, "tenant-deletion-pending", "Tenant deletion pending"),

    /** A cancel for a tenant that has no deletion pending. */
    NO_DELETION_PENDING(HttpStatus.CONFLICT, "no-deletion-pending", "No deletion pending"),

    /** The owner's status of an erasure: the tenant has no erasure request (or its record has expired). */
    NO_DELETION_REQUESTED(HttpStatus.NOT_FOUND, "no-deletion-requested", "No deletion requested"),

    /** The receipt of an erasure that has not completed (or whose job cannot give one now). */
    RECEIPT_NOT_AVAILABLE(HttpStatus.CONFLICT, "receipt-not-available", "Receipt not available"),

    /** An export id that names no export of this tenant (or one that has expired). */
    EXPORT_NOT_FOUND(HttpStatus.NOT_FOUND, "export-not-found", "Export not found"),

    /** A tenant that holds as many unexpired exports as it may. */
    TOO_MANY_EXPORTS(HttpStatus.TOO_MANY_REQUESTS, "too-many-exports", "Too many exports"),

    /**
     * An export of a tenant whose erasure has begun (past the point of no return; in a service:
     * the tenant is fenced there) or is done: nothing is exported.
     */
    TENANT_ERASURE_BEGUN(HttpStatus.CONFLICT, "tenant-erasure-begun", "Tenant erasure begun"),

    /** {@code deletion.export.max-concurrent} exports are already running in the service: answered at once, with {@code Retry-After}. */
    EXPORT_CAPACITY_EXHAUSTED(HttpStatus.SERVICE_UNAVAILABLE, "export-capacity-exhausted", "Export capacity exhausted"),

    /** A cancel after the grace period, or of a job the orchestrator already started. */
    DELETION_NOT_CANCELLABLE(HttpStatus.CONFLICT, "deletion-not-cancellable", "Deletion can no longer be cancelled"),

    /** The user to add already belongs to the tenant. */
    ALREADY_A_MEMBER(HttpStatus.CONFLICT, "already-a-member", "Already a member"),

    /** The user named in the path or body is not a member of the tenant. */
    MEMBER_NOT_FOUND(HttpStatus.NOT_FOUND, "member-not-found", "Member not found"),

    /** The change would leave the tenant without its owner, or make a second one. */
    OWNER_ROLE_CHANGE(HttpStatus.CONFLICT, "owner-role-change", "Ownership changes only by transfer"),

    /** The new owner of a transfer must be a current member other than the owner. */
    TRANSFER_TARGET_INVALID(HttpStatus.CONFLICT, "transfer-target-invalid", "Invalid new owner"),

    /** Account deletion: tenants the user owns have other members but no admin to take over. */
    OWNED_TENANTS_WITHOUT_ADMIN(
            HttpStatus.CONFLICT, "owned-tenants-without-admin", "Owned tenants have no admin to take over"),

    /** tenant-service could not reach the orchestrator for a call that cannot be deferred (cancel). */
    ORCHESTRATOR_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "orchestrator-unavailable", "Orchestrator unavailable");

    private final HttpStatus status;
    private final URI type;
    private final String title;

    FleetProblem(HttpStatus status, @Nullable String slug, String title) {
        this.status = status;
        this.type = URI.create(slug != null ? "urn:bakery-ia:problem:" + slug : "about:blank");
        this.title = title;
    }

    /**
     * The HTTP status.
     *
     * @return the status
     */
    public HttpStatus status() {
        return status;
    }

    /**
     * The {@code type}: {@code urn:bakery-ia:problem:<slug>}, or {@code about:blank}.
     *
     * @return the type
     */
    public URI type() {
        return type;
    }

    /**
     * The {@code title}.
     *
     * @return the title
     */
    public String title() {
        return title;
    }

    /**
     * A problem of this kind.
     *
     * @param detail what was wrong, for the caller
     * @return a new problem
     */
    public ProblemDetail detail(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        problem.setTitle(title);
        return problem;
    }
}
