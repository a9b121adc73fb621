package com.bakeryia.fleet.security;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * A verified service token. Its scopes become authorities only when its audience names this
 * service, so a token addressed to another service passes no scope check here, and only those its
 * issuer may grant here ({@code deletion.security.issuer-scopes}).
 */
final class ServiceTokenAuthenticationToken extends JwtAuthenticationToken {

    private static final String SCOPE_PREFIX = "SCOPE_";

    private final String serviceName;
    private final Set<String> issuerScopes;

    ServiceTokenAuthenticationToken(
            Jwt jwt, Collection<? extends GrantedAuthority> scopes, String serviceName, Set<String> issuerScopes) {
        super(jwt, grantable(jwt, scopes, serviceName, issuerScopes));
        this.serviceName = serviceName;
        this.issuerScopes = issuerScopes;
    }

    boolean isAddressedToThisService() {
        return isAddressedTo(getToken(), serviceName);
    }

    String serviceName() {
        return serviceName;
    }

    /** Whether the token's issuer may grant the scope here. */
    boolean issuerMayGrant(String scope) {
        return issuerScopes.contains(scope);
    }

    /** The token's issuer, as its {@code iss} names it. */
    String issuer() {
        return getToken().getClaimAsString("iss");
    }

    private static List<GrantedAuthority> grantable(
            Jwt jwt, Collection<? extends GrantedAuthority> scopes, String serviceName, Set<String> issuerScopes) {
        if (!isAddressedTo(jwt, serviceName)) {
            return List.of();
        }
        return scopes.stream()
                .filter(scope -> scope.getAuthority().startsWith(SCOPE_PREFIX)
                        && issuerScopes.contains(scope.getAuthority().substring(SCOPE_PREFIX.length())))
                .<GrantedAuthority>map(scope -> scope)
                .toList();
    }

    private static boolean isAddressedTo(Jwt jwt, String serviceName) {
        List<String> audience = jwt.getAudience();
        return audience != null && audience.contains(serviceName);
    }
}
