package com.bakeryia.fleet.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;

/**
 * Sets up a security filter chain for bearer tokens the way every chain of the fleet works: tokens
 * authenticated by the given resolver, 401 and 403 as RFC 9457 problem details, no session, no
 * CSRF (no cookies are used), no request cache. The chain adds its own matcher and rules:
 *
 * <pre>{@code
 * return bearerTokens.configure(http, serviceTokens.authenticationManagerResolver(userTokenDecoder, userAuthorities))
 *         .authorizeHttpRequests(requests -> ...)
 *         .build();
 * }</pre>
 */
public final class BearerTokenSecurity {

    private final ProblemDetailsAuthenticationEntryPoint entryPoint;
    private final ProblemDetailsAccessDeniedHandler accessDeniedHandler;

    /**
     * Creates the set-up with the handlers that answer 401 and 403.
     *
     * @param entryPoint answers a request without a valid token (401)
     * @param accessDeniedHandler answers a request whose token does not grant it (403)
     */
    public BearerTokenSecurity(
            ProblemDetailsAuthenticationEntryPoint entryPoint, ProblemDetailsAccessDeniedHandler accessDeniedHandler) {
        this.entryPoint = entryPoint;
        this.accessDeniedHandler = accessDeniedHandler;
    }

    /**
     * Configures the chain's token authentication and error handling.
     *
     * @param http the chain being built
     * @param tokens picks the authentication manager of a request's bearer token
     * @return the same builder, for the chain's own matcher and rules
     * @throws Exception as Spring Security's configurers do
     */
    public HttpSecurity configure(HttpSecurity http, AuthenticationManagerResolver<HttpServletRequest> tokens)
            throws Exception {
        return http.oauth2ResourceServer(resourceServer -> resourceServer
                        .authenticationManagerResolver(tokens)
                        .authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler(accessDeniedHandler))
                .exceptionHandling(exceptions ->
                        exceptions.authenticationEntryPoint(entryPoint).accessDeniedHandler(accessDeniedHandler))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable);
    }
}
