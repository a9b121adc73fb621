package com.bakeryia.deletion.security;

import com.bakeryia.deletion.token.CanonicalUuid;
import com.bakeryia.deletion.token.ServiceTokenClaims;
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
     * @param scope the scope the endpoint needs, one of {@link com.bakeryia.deletion.token.ServiceTokenScopes}
     * @param tenantIdVariable the name of the path variable holding the tenant id; the request
     *     matcher must capture it (a {@code PathPatternRequestMatcher} with {@code {tenantId}})
     * @return the authorization manager; its denials say why, see {@link
     *     ProblemDetailsAccessDeniedHandler}
     */
    public static AuthorizationManager<RequestAuthorizationContext> hasScopeForTenant(
            String scope, String tenantIdVariable) {
        return new TenantScopeAuthorizationManager(scope, tenantIdVariable);
    }

    private static final class TenantScopeAuthorizationManager
            implements AuthorizationManager<RequestAuthorizationContext> {

        private final String scope;
        private final String authority;
        private final String tenantIdVariable;

        TenantScopeAuthorizationManager(String scope, String tenantIdVariable) {
            this.scope = scope;
            this.authority = "SCOPE_" + scope;
            this.tenantIdVariable = tenantIdVariable;
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
            if (token.getAuthorities().stream()
                    .map(GrantedAuthority::getAuthority)
                    .noneMatch(authority::equals)) {
                return ServiceTokenAuthorizationDecision.denied("The token does not grant scope " + scope);
            }
            String pathTenantId = context.getVariables().get(tenantIdVariable);
            if (pathTenantId == null) {
                return ServiceTokenAuthorizationDecision.denied(
                        "The request path has no variable '" + tenantIdVariable + "' naming the tenant");
            }
            if (!CanonicalUuid.isCanonical(pathTenantId)) {
                return ServiceTokenAuthorizationDecision.granted();
            }
            String tokenTenantId = token.getToken().getClaimAsString(ServiceTokenClaims.TENANT_ID);
            if (!CanonicalUuid.isCanonical(tokenTenantId)
                    || !UUID.fromString(tokenTenantId).equals(UUID.fromString(pathTenantId))) {
                return ServiceTokenAuthorizationDecision.denied(
                        "The token does not grant scope " + scope + " for tenant " + pathTenantId);
            }
            return ServiceTokenAuthorizationDecision.granted();
        }
    }
}
