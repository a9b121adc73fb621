package com.bakeryia.fleet.web;

import java.io.IOException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Thrown by the request body stream of {@link RequestBodyLimitFilter} once a body is read past
 * {@code deletion.web.max-request-body-size}; answered with 413 {@link FleetProblem#REQUEST_TOO_LARGE}.
 */
public final class RequestBodyTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    private final long limit;

    RequestBodyTooLargeException(long limit) {
        super("The request body is larger than the limit of " + limit + " bytes");
        this.limit = limit;
    }

    /**
     * The limit that was passed.
     *
     * @return the limit, in bytes
     */
    public long limit() {
        return limit;
    }

    /**
     * Finds this exception among an exception's causes.
     *
     * @param e an exception, for example Spring MVC's {@code HttpMessageNotReadableException}
     * @return the exception, when a body was read past the limit
     */
    public static Optional<RequestBodyTooLargeException> in(@Nullable Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof RequestBodyTooLargeException tooLarge) {
                return Optional.of(tooLarge);
            }
        }
        return Optional.empty();
    }
}
