package com.bakeryia.fleet.security;

import com.bakeryia.fleet.token.CanonicalUuid;
import com.bakeryia.fleet.token.ServiceTokenClaims;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Authorization rules for requests carrying a service token authenticated by {@link
 * ServiceTokenAuthentication}.
 */
public final class ServiceTokenAuthorization {

    private ServiceTokenAuthorization() {}

    /**
     * Grants a request whose service token is addressed to this service, grants {@code scope}
     * and is bound (claim {@code tenant_id}) to the tenant named by the path variable. A path
     * variable that is not a canonical UUID addresses no tenant: the scope still decides, and the
     * endpoint answers 400. Any other authentication, user tokens included, is denied.
     *
     * <pre>{@code
     * .requestMatchers(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.DELETE, "/api/v1/orders/tenant/{tenantId}"))
     * .access(ServiceTokenAuthorization.hasScopeForTenant(ServiceTokenScopes.TENANT_DATA_DELETE, "tenantId"))
     * }</pre>
     *
     * @param scope the scope the endpoint needs, one of {@link com.bakeryia.fleet.token.ServiceTokenScopes}
     * @param tenantIdVariable the name of the path variable holding the tenant id; the request
     *     matcher must capture it (a {@code PathPatternRequestMatcher} with {@code {tenantId}})
     * @return the authorization manager; its denials say why, see {@link
     *     ProblemDetailsAccessDeniedHandler}
     */
    public static AuthorizationManager<RequestAuthorizationContext> hasScopeForTenant(
            String scope, String tenantIdVariable) {
        return new BoundScopeAuthorizationManager(scope, ServiceTokenClaims.TENANT_ID, "tenant", tenantIdVariable);
    }

    /**
     * Grants a request whose service token is addressed to this service, grants {@code scope}
     * and is bound (claim {@code user_id}) to the user named by the path variable, as {@link
     * #hasScopeForTenant} does for tenants.
     *
     * @param scope the scope the endpoint needs, one of {@link com.bakeryia.fleet.token.ServiceTokenScopes}
     * @param userIdVariable the name of the path variable holding the user id
     * @return the authorization manager; its denials say why
     */
    public static AuthorizationManager<RequestAuthorizationContext> hasScopeForUser(
            String scope, String userIdVariable) {
        return new BoundScopeAuthorizationManager(scope, ServiceTokenClaims.USER_ID, "user", userIdVariable);
    }

    private static final class BoundScopeAuthorizationManager
            implements AuthorizationManager<RequestAuthorizationContext> {

        private final String scope;
        private final String authority;
        private final String claim;
        private final String subject;
        private final String pathVariable;

        BoundScopeAuthorizationManager(String scope, String claim, String subject, String pathVariable) {
            this.scope = scope;
            this.authority = "SCOPE_" + scope;
            this.claim = claim;
            this.subject = subject;
            this.pathVariable = pathVariable;
        }

        @Override
        public AuthorizationResult authorize(
                Supplier<Authentication> authentication, RequestAuthorizationContext context) {
            return decide(authentication.get(), context);
        }

        @Override
        @Deprecated
        public AuthorizationDecision check(
                Supplier<Authentication> authentication, RequestAuthorizationContext context) {
            return decide(authentication.get(), context);
        }

        private ServiceTokenAuthorizationDecision decide(
                Authentication authentication, RequestAuthorizationContext context) {
            if (!(authentication instanceof ServiceTokenAuthenticationToken token) || !token.isAuthenticated()) {
                return ServiceTokenAuthorizationDecision.denied("The request is not authenticated by a service token");
            }
            if (!token.isAddressedToThisService()) {
                return ServiceTokenAuthorizationDecision.denied("The token is addressed to "
                        + token.getToken().getAudience() + ", not to " + token.serviceName());
            }
            if (!token.issuerMayGrant(scope)) {
                return ServiceTokenAuthorizationDecision.denied(
                        "Issuer '" + token.issuer() + "' may not grant scope " + scope);
            }
            if (token.getAuthorities().stream()
                    .map(GrantedAuthority::getAuthority)
                    .noneMatch(authority::equals)) {
                return ServiceTokenAuthorizationDecision.denied("The token does not grant scope " + scope);
            }
            String pathId = context.getVariables().get(pathVariable);
            if (pathId == null) {
                return ServiceTokenAuthorizationDecision.denied(
                        "The request path has no variable '" + pathVariable + "' naming the " + subject);
            }
            if (!CanonicalUuid.isCanonical(pathId)) {
                return ServiceTokenAuthorizationDecision.granted();
            }
            String tokenId = token.getToken().getClaimAsString(claim);
            if (!CanonicalUuid.isCanonical(tokenId) || !UUID.fromString(tokenId).equals(UUID.fromString(pathId))) {
                return ServiceTokenAuthorizationDecision.denied(
                        "The token does not grant scope " + scope + " for " + subject + " " + pathId);
            }
            return ServiceTokenAuthorizationDecision.granted();
        }
    }
}
