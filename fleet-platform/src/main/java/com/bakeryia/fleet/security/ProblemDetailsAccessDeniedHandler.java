package com.bakeryia.fleet.security;

import com.bakeryia.fleet.web.FleetProblem;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Answers an authenticated request that may not proceed with 403 and an RFC 9457 {@code
 * application/problem+json} body. The {@code detail} is the reason given by {@link
 * ServiceTokenAuthorization} (for example {@code The token does not grant scope tenant-data.delete
 * for tenant ...}), else a generic one. A request carrying a bearer token also gets {@code
 * WWW-Authenticate: Bearer error="insufficient_scope"}, as with {@code BearerTokenAccessDeniedHandler}.
 */
public final class ProblemDetailsAccessDeniedHandler implements AccessDeniedHandler {

    private static final String GENERIC_DETAIL =
            "The token does not grant access to this resource" + " (insufficient scope or wrong tenant)";

    private final ObjectMapper objectMapper;

    /**
     * Creates the handler.
     *
     * @param objectMapper writes the problem details
     */
    public ProblemDetailsAccessDeniedHandler(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    @Override
    public void handle(
            HttpServletRequest request, HttpServletResponse response, AccessDeniedException accessDeniedException)
            throws IOException {
        String detail = accessDeniedException instanceof AuthorizationDeniedException denied
                        && denied.getAuthorizationResult() instanceof ServiceTokenAuthorizationDecision decision
                ? decision.reason()
                : GENERIC_DETAIL;
        if (request.getUserPrincipal() instanceof AbstractOAuth2TokenAuthenticationToken<?>) {
            Map<String, String> parameters = new LinkedHashMap<>();
            parameters.put("error", OAuth2ErrorCodes.INSUFFICIENT_SCOPE);
            parameters.put("error_description", detail);
            ProblemDetailsResponses.challenge(response, parameters);
        }
        ProblemDetailsResponses.write(
                request, response, objectMapper, FleetProblem.ACCESS_DENIED, HttpStatus.FORBIDDEN, detail);
    }
}
