package com.bakeryia.fleet.security;

import com.bakeryia.fleet.web.FleetProblem;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.util.StringUtils;

/**
 * Answers a request without a valid bearer token like Spring Security's {@code
 * BearerTokenAuthenticationEntryPoint} (401 with {@code WWW-Authenticate: Bearer error="invalid_token",
 * error_description="..."}), and adds an RFC 9457 {@code application/problem+json} body whose
 * {@code detail} says what was wrong, for example {@code The bearer token is expired (exp ...)} or
 * {@code Token issuer 'rogue' is not trusted}.
 */
public final class ProblemDetailsAuthenticationEntryPoint implements AuthenticationEntryPoint {

    private final ObjectMapper objectMapper;

    /**
     * Creates the entry point.
     *
     * @param objectMapper writes the problem details
     */
    public ProblemDetailsAuthenticationEntryPoint(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    @Override
    public void commence(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException authException)
            throws IOException {
        HttpStatusCode status = HttpStatus.UNAUTHORIZED;
        Map<String, String> parameters = new LinkedHashMap<>();
        String detail;
        if (authException instanceof OAuth2AuthenticationException oauth2) {
            OAuth2Error error = oauth2.getError();
            parameters.put("error", error.getErrorCode());
            detail = StringUtils.hasText(error.getDescription())
                    ? error.getDescription()
                    : "The bearer token is invalid (" + error.getErrorCode() + ")";
            parameters.put("error_description", detail);
            if (StringUtils.hasText(error.getUri())) {
                parameters.put("error_uri", error.getUri());
            }
            if (error instanceof BearerTokenError bearerError) {
                if (StringUtils.hasText(bearerError.getScope())) {
                    parameters.put("scope", bearerError.getScope());
                }
                status = bearerError.getHttpStatus();
            }
        } else if (authException instanceof InsufficientAuthenticationException) {
            detail = "A bearer token is required";
        } else {
            detail = "Authentication failed";
        }
        ProblemDetailsResponses.challenge(response, parameters);
        ProblemDetailsResponses.write(request, response, objectMapper, FleetProblem.UNAUTHORIZED, status, detail);
    }
}
