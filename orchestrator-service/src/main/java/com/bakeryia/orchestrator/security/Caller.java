package com.bakeryia.orchestrator.security;

import com.bakeryia.fleet.security.UserTokenAuthentication;
import com.bakeryia.fleet.token.ServiceTokenClaims;
import java.util.Optional;
import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Who made a request: an ops user (by user id) or a service (by name, with the tenant its token
 * is bound to).
 *
 * @param name the user id or the service name, as recorded in jobs and audit events
 * @param service whether the caller is a service presenting a service token
 * @param tokenTenantId the tenant a service token is bound to
 * @param admin whether the caller is a user with the role {@value OpsAuthorities#DELETION_ADMIN},
 *     whose creations and cancels wait for a second administrator's approval
 */
public record Caller(String name, boolean service, Optional<UUID> tokenTenantId, boolean admin) {

    /** The caller of an authenticated request. */
    public static Caller of(Authentication authentication) {
        if (authentication instanceof UserTokenAuthentication user) {
            boolean admin = user.getAuthorities().stream()
                    .map(GrantedAuthority::getAuthority)
                    .anyMatch(OpsAuthorities.DELETION_ADMIN::equals);
            return new Caller(user.getName(), false, Optional.empty(), admin);
        }
        if (authentication instanceof JwtAuthenticationToken token) {
            String tenant = token.getToken().getClaimAsString(ServiceTokenClaims.TENANT_ID);
            return new Caller(
                    token.getToken().getClaimAsString("iss"),
                    true,
                    // The service-token validators let only a canonical UUID through as tenant_id.
                    Optional.ofNullable(tenant).map(UUID::fromString),
                    false);
        }
        return new Caller(authentication.getName(), false, Optional.empty(), false);
    }

    /** Whether a service token may act on this tenant (always true for users, whom roles govern). */
    public boolean mayActOnTenant(UUID tenantId) {
        return !service || tokenTenantId.filter(tenantId::equals).isPresent();
    }
}
