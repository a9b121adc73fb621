package com.bakeryia.orchestrator.security;

import com.bakeryia.fleet.security.UserTokenAuthentication;
import com.bakeryia.fleet.token.ServiceTokenClaims;
import com.bakeryia.fleet.token.ServiceTokenScopes;
import com.bakeryia.fleet.web.CanonicalUuidConverter;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Who may create or cancel a job: an ops user, or tenant-service with a service token addressed to
 * the orchestrator (deletion-core grants its scopes only then), granting {@code
 * deletion-jobs.write} and bound ({@code job_id}) to the job in the path. That the token's
 * {@code tenant_id} matches the job's tenant is checked where the tenant is known (request body,
 * stored job).
 */
final class JobWriteAuthorization implements AuthorizationManager<RequestAuthorizationContext> {

    private static final String WRITE_AUTHORITY = "SCOPE_" + ServiceTokenScopes.DELETION_JOBS_WRITE;

    private final String jobIdVariable;

    JobWriteAuthorization(String jobIdVariable) {
        this.jobIdVariable = jobIdVariable;
    }

    @Override
    public AuthorizationResult authorize(Supplier<Authentication> authentication, RequestAuthorizationContext context) {
        return new AuthorizationDecision(granted(authentication.get(), context));
    }

    @Override
    @Deprecated
    public AuthorizationDecision check(Supplier<Authentication> authentication, RequestAuthorizationContext context) {
        return new AuthorizationDecision(granted(authentication.get(), context));
    }

    private boolean granted(Authentication authentication, RequestAuthorizationContext context) {
        if (authentication instanceof UserTokenAuthentication user) {
            return hasAuthority(user, OpsAuthorities.DELETION_OPS);
        }
        if (!(authentication instanceof JwtAuthenticationToken token) || !token.isAuthenticated()) {
            return false;
        }
        if (!OpsAuthorities.TENANT_SERVICE.equals(token.getToken().getClaimAsString("iss"))
                || !hasAuthority(token, WRITE_AUTHORITY)) {
            return false;
        }
        String pathJobId = context.getVariables().get(jobIdVariable);
        String tokenJobId = token.getToken().getClaimAsString(ServiceTokenClaims.JOB_ID);
        Optional<UUID> pathJob = CanonicalUuidConverter.parse(pathJobId);
        return pathJob.isPresent() && pathJob.equals(CanonicalUuidConverter.parse(tokenJobId));
    }

    private static boolean hasAuthority(Authentication authentication, String authority) {
        return authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .anyMatch(authority::equals);
    }
}
