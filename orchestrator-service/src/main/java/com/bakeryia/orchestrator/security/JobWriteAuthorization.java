package com.bakeryia.orchestrator.security;

import com.bakeryia.fleet.security.UserTokenAuthentication;
import com.bakeryia.fleet.token.ServiceTokenClaims;
import com.bakeryia.fleet.token.ServiceTokenScopes;
import com.bakeryia.fleet.web.CanonicalUuidConverter;
import java.util.Optional;
import java.util.Set;
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
 * Who may call an endpoint of one job that tenant-service uses: a user with one of the endpoint's
 * authorities ({@value OpsAuthorities#DELETION_ADMIN} to create and cancel, whose action then waits
 * for a second administrator; {@value OpsAuthorities#DELETION_OPS} or {@value
 * OpsAuthorities#DELETION_ADMIN} to read), or tenant-service with a service token addressed to the
 * orchestrator (deletion-core grants its scopes only then), granting the endpoint's scope ({@code
 * deletion-jobs.write} to create and cancel, {@code deletion-jobs.read} to read) and bound ({@code
 * job_id}) to the job in the path. That the token's {@code tenant_id} matches the job's tenant is
 * checked where the tenant is known (request body, stored job). The endpoints of one tenant (its
 * legal hold) bind the token by {@code tenant_id} to the tenant in the path instead ({@link
 * #tenantRead}).
 */
final class JobWriteAuthorization implements AuthorizationManager<RequestAuthorizationContext> {

    private final String jobIdVariable;
    private final String boundClaim;
    private final String scopeAuthority;
    private final Set<String> userAuthorities;

    /** Creating and cancelling: scope {@code deletion-jobs.write}, or an administrator. */
    static JobWriteAuthorization write(String jobIdVariable) {
        return new JobWriteAuthorization(
                jobIdVariable, ServiceTokenScopes.DELETION_JOBS_WRITE, Set.of(OpsAuthorities.DELETION_ADMIN));
    }

    /** Reading the job: scope {@code deletion-jobs.read}, or an operator or administrator. */
    static JobWriteAuthorization read(String jobIdVariable) {
        return new JobWriteAuthorization(
                jobIdVariable,
                ServiceTokenScopes.DELETION_JOBS_READ,
                Set.of(OpsAuthorities.DELETION_OPS, OpsAuthorities.DELETION_ADMIN));
    }

    /**
     * Reading a tenant's legal hold: scope {@code deletion-jobs.read} with {@code tenant_id} the
     * path's tenant (the owner's status page), or an operator or administrator.
     */
    static JobWriteAuthorization tenantRead(String tenantIdVariable) {
        return new JobWriteAuthorization(
                tenantIdVariable,
                ServiceTokenClaims.TENANT_ID,
                ServiceTokenScopes.DELETION_JOBS_READ,
                Set.of(OpsAuthorities.DELETION_OPS, OpsAuthorities.DELETION_ADMIN));
    }

    private JobWriteAuthorization(String jobIdVariable, String scope, Set<String> userAuthorities) {
        this(jobIdVariable, ServiceTokenClaims.JOB_ID, scope, userAuthorities);
    }

    private JobWriteAuthorization(String jobIdVariable, String boundClaim, String scope, Set<String> userAuthorities) {
        this.jobIdVariable = jobIdVariable;
        this.boundClaim = boundClaim;
        this.scopeAuthority = "SCOPE_" + scope;
        this.userAuthorities = userAuthorities;
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
            return user.getAuthorities().stream()
                    .map(GrantedAuthority::getAuthority)
                    .anyMatch(userAuthorities::contains);
        }
        if (!(authentication instanceof JwtAuthenticationToken token) || !token.isAuthenticated()) {
            return false;
        }
        if (!OpsAuthorities.TENANT_SERVICE.equals(token.getToken().getClaimAsString("iss"))
                || !hasAuthority(token, scopeAuthority)) {
            return false;
        }
        String pathJobId = context.getVariables().get(jobIdVariable);
        String tokenJobId = token.getToken().getClaimAsString(boundClaim);
        Optional<UUID> pathJob = CanonicalUuidConverter.parse(pathJobId);
        return pathJob.isPresent() && pathJob.equals(CanonicalUuidConverter.parse(tokenJobId));
    }

    private static boolean hasAuthority(Authentication authentication, String authority) {
        return authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .anyMatch(authority::equals);
    }
}
