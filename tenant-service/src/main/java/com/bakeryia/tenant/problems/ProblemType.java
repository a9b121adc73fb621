package com.bakeryia.tenant.problems;

import java.net.URI;
import org.springframework.http.HttpStatus;

/**
 * The kinds of errors tenant-service answers with, each an RFC 9457 problem whose {@code type} is
 * {@code urn:bakery-ia:problem:<slug>}.
 */
public enum ProblemType {

    /** The tenant does not exist or the caller does not belong to it: the two are not told apart. */
    TENANT_NOT_FOUND(HttpStatus.NOT_FOUND, "tenant-not-found", "Tenant not found"),

    /** The caller was removed from the tenant; their token is still valid but grants nothing here. */
    MEMBERSHIP_REVOKED(HttpStatus.FORBIDDEN, "membership-revoked", "Membership revoked"),

    /** The caller's role in the tenant does not allow the operation. */
    INSUFFICIENT_ROLE(HttpStatus.FORBIDDEN, "insufficient-role", "Insufficient role"),

    /** The caller may not act for another user. */
    NOT_YOUR_ACCOUNT(HttpStatus.FORBIDDEN, "not-your-account", "Not your account"),

    /** The tenant is being erased: its members, settings and owner cannot change. */
    TENANT_DELETION_PENDING(HttpStatus.CONFLICT, "tenant-deletion-pending", "Tenant deletion pending"),

    /** A cancel for a tenant that has no deletion pending. */
    NO_DELETION_PENDING(HttpStatus.CONFLICT, "no-deletion-pending", "No deletion pending"),

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

    /** An id in the path or body is not a canonical UUID. */
    INVALID_ID(HttpStatus.BAD_REQUEST, "invalid-id", "Invalid id"),

    /** The request body is not the documented JSON (unknown field, missing or invalid value). */
    INVALID_REQUEST_BODY(HttpStatus.BAD_REQUEST, "invalid-request-body", "Invalid request body"),

    /** The orchestrator did not answer a call that cannot be deferred (cancel). */
    ORCHESTRATOR_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "orchestrator-unavailable", "Orchestrator unavailable");

    private static final String PREFIX = "urn:bakery-ia:problem:";

    private final HttpStatus status;
    private final URI type;
    private final String title;

    ProblemType(HttpStatus status, String slug, String title) {
        this.status = status;
        this.type = URI.create(PREFIX + slug);
        this.title = title;
    }

    /** The HTTP status. */
    public HttpStatus status() {
        return status;
    }

    /** The {@code type} URN. */
    public URI type() {
        return type;
    }

    /** The {@code title}. */
    public String title() {
        return title;
    }
}
