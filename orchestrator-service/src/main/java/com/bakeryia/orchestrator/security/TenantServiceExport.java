package com.bakeryia.orchestrator.security;

import com.bakeryia.fleet.security.ServiceTokenAuthorization;
import com.bakeryia.fleet.token.ServiceTokenScopes;
import java.util.function.Supplier;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Who may export a tenant's data through the orchestrator: tenant-service only (for the tenant's
 * owner, whom it has checked), with scope {@value ServiceTokenScopes#TENANT_DATA_EXPORT} bound to
 * the tenant in the path. No user, not even an administrator, and no other issuer: ops run
 * erasures, they do not read bakeries' data.
 */
final class TenantServiceExport implements AuthorizationManager<RequestAuthorizationContext> {

    static final TenantServiceExport AUTHORIZATION = new TenantServiceExport();

    private final AuthorizationManager<RequestAuthorizationContext> boundScope =
            ServiceTokenAuthorization.hasScopeForTenant(ServiceTokenScopes.TENANT_DATA_EXPORT, "tenantId");

    private TenantServiceExport() {}

    @Override
    public AuthorizationResult authorize(Supplier<Authentication> authentication, RequestAuthorizationContext context) {
        Authentication caller = authentication.get();
        if (!(caller instanceof JwtAuthenticationToken token)
                || !OpsAuthorities.TENANT_SERVICE.equals(token.getToken().getClaimAsString("iss"))) {
            return new AuthorizationDecision(false);
        }
        return boundScope.authorize(authentication, context);
    }

    @Override
    @Deprecated
    public AuthorizationDecision check(Supplier<Authentication> authentication, RequestAuthorizationContext context) {
        AuthorizationResult result = authorize(authentication, context);
        return result instanceof AuthorizationDecision decision
                ? decision
                : new AuthorizationDecision(result != null && result.isGranted());
    }
}
