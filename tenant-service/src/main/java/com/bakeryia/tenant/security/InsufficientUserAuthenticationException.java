package com.bakeryia.tenant.security;

import java.net.URI;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * RFC 9470's step-up challenge: the user token is valid, but the user authenticated too long ago
 * (or the token does not say when) for what they asked. Answered 401 with {@code WWW-Authenticate:
 * Bearer error="insufficient_user_authentication", error_description="...", max_age=<seconds>} and
 * a problem ({@value #TYPE}) whose {@code max_age} property repeats the limit: the client signs the
 * user in again (OpenID Connect {@code max_age} or {@code prompt=login}) and retries with the new
 * token.
 */
public class InsufficientUserAuthenticationException extends ErrorResponseException {

    /** The problem type. */
    public static final String TYPE = "urn:bakery-ia:problem:insufficient-user-authentication";

    /** RFC 9470's error code. */
    public static final String ERROR = "insufficient_user_authentication";

    private static final long serialVersionUID = 1L;
    private static final int MAX_DESCRIPTION_LENGTH = 200;

    /**
     * The challenge.
     *
     * @param detail why the token's authentication is not recent enough
     * @param maxAge the largest accepted time since the user's authentication
     */
    public InsufficientUserAuthenticationException(String detail, Duration maxAge) {
        super(HttpStatus.UNAUTHORIZED, problem(detail, maxAge), null);
        getHeaders()
                .set(
                        HttpHeaders.WWW_AUTHENTICATE,
                        "Bearer error=\"" + ERROR + "\", error_description=\"" + quotable(detail) + "\", max_age="
                                + maxAge.toSeconds());
    }

    private static ProblemDetail problem(String detail, Duration maxAge) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, detail);
        problem.setType(URI.create(TYPE));
        problem.setTitle("Insufficient user authentication");
        problem.setProperty("max_age", maxAge.toSeconds());
        return problem;
    }

    private static String quotable(String value) {
        StringBuilder quotable = new StringBuilder();
        value.codePoints()
                .limit(MAX_DESCRIPTION_LENGTH)
                .map(c -> c >= 0x20 && c <= 0x7e && c != '"' && c != '\\' ? c : '?')
                .forEach(quotable::appendCodePoint);
        return quotable.toString();
    }

    @Override
    public String getMessage() {
        return String.valueOf(getBody().getDetail());
    }
}
