package com.bakeryia.tenant.security;

import com.bakeryia.fleet.security.BearerTokenSecurity;
import com.bakeryia.fleet.security.PublicEndpoints;
import com.bakeryia.fleet.security.ServiceTokenAuthentication;
import com.bakeryia.fleet.security.ServiceTokenAuthorization;
import com.bakeryia.fleet.security.UserTokenAuthentication;
import com.bakeryia.fleet.token.ServiceTokenScopes;
import com.bakeryia.fleet.web.CanonicalUuidConverter;
import jakarta.servlet.DispatcherType;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * The security filter chain of everything but deletion-core's own paths (the JWKS at order
 * HIGHEST_PRECEDENCE+10 and {@code /api/v1/tenant/tenant/**} at +20, which keep their chains):
 *
 * <ul>
 *   <li>{@code /api/v1/tenants/**}: user tokens only; what the user may do is decided per tenant
 *       from the database;
 *   <li>{@code DELETE /api/v1/tenants/user/{userId}/memberships}: the user themself, or a service
 *       token of a trusted issuer ({@code deletion.security.trusted-issuers}) addressed to
 *       tenant-service with scope {@value ServiceTokenScopes#TENANT_MEMBERSHIPS_DELETE}, bound to
 *       that user by its {@code user_id} claim;
 *   <li>deletion-core's {@link PublicEndpoints} (actuator health, info, prometheus and jwks,
 *       wherever actuator is served, and the OpenAPI document): public;
 *   <li>anything else: refused ({@code denyAll()}: 401 without a token, 403 with any), so that a
 *       new endpoint is closed until a rule names who may call it.
 * </ul>
 *
 * A token is routed by its (not yet verified) issuer: a trusted service issuer's tokens are
 * verified as service tokens, any other as user tokens. 401 and 403 are problem details.
 */
@Configuration(proxyBeanMethods = false)
class TenantSecurityConfiguration {

    static final String MEMBERSHIPS_PATH = "/api/v1/tenants/user/{userId}/memberships";
    private static final String USER_ID = "userId";

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 30)
    SecurityFilterChain tenantServiceSecurityFilterChain(
            HttpSecurity http,
            JwtDecoder userTokenDecoder,
            ServiceTokenAuthentication serviceTokens,
            BearerTokenSecurity bearerTokens)
            throws Exception {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        return bearerTokens
                .configure(http, serviceTokens.authenticationManagerResolver(userTokenDecoder, jwt -> List.of()))
                .authorizeHttpRequests(requests -> requests.dispatcherTypeMatchers(DispatcherType.ERROR)
                        .permitAll()
                        .requestMatchers(PublicEndpoints.requests())
                        .permitAll()
                        .requestMatchers(paths.matcher(HttpMethod.DELETE, MEMBERSHIPS_PATH))
                        .access(userThemselfOr(ServiceTokenAuthorization.hasScopeForUser(
                                ServiceTokenScopes.TENANT_MEMBERSHIPS_DELETE, USER_ID)))
                        .requestMatchers(paths.matcher("/api/v1/tenants/**"))
                        .access(TenantSecurityConfiguration::userToken)
                        .anyRequest()
                        .denyAll())
                .build();
    }

    /**
     * The user themself, or a service token judged by {@code serviceTokens}: each kind by its own
     * rule, so that a refused service token's 403 keeps that rule's reason (an issuer not allowed
     * the scope, another user), which {@code AuthorizationManagers.anyOf} would drop.
     */
    private static AuthorizationManager<RequestAuthorizationContext> userThemselfOr(
            AuthorizationManager<RequestAuthorizationContext> serviceTokens) {
        return new AuthorizationManager<>() {
            @Override
            public AuthorizationResult authorize(
                    Supplier<Authentication> authentication, RequestAuthorizationContext context) {
                return authentication.get() instanceof UserTokenAuthentication
                        ? userThemself(authentication, context)
                        : serviceTokens.authorize(authentication, context);
            }

            @Override
            @Deprecated
            public AuthorizationDecision check(
                    Supplier<Authentication> authentication, RequestAuthorizationContext context) {
                AuthorizationResult result = authorize(authentication, context);
                return result instanceof AuthorizationDecision decision
                        ? decision
                        : new AuthorizationDecision(result != null && result.isGranted());
            }
        };
    }

    private static AuthorizationDecision userToken(
            Supplier<Authentication> authentication, RequestAuthorizationContext context) {
        return new AuthorizationDecision(authentication.get() instanceof UserTokenAuthentication);
    }

    private static AuthorizationDecision userThemself(
            Supplier<Authentication> authentication, RequestAuthorizationContext context) {
        if (!(authentication.get() instanceof UserTokenAuthentication user)) {
            return new AuthorizationDecision(false);
        }
        String pathUserId = context.getVariables().get(USER_ID);
        return new AuthorizationDecision(CanonicalUuidConverter.parse(pathUserId)
                .map(user.userId()::equals)
                .orElse(true));
    }
}
