package com.bakeryia.fleet.security;

import java.util.Collection;
import java.util.List;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * A verified service token. Its scopes become authorities only when its audience names this
 * service, so a token addressed to another service passes no scope check here.
 */
final class ServiceTokenAuthenticationToken extends JwtAuthenticationToken {

    private final String serviceName;

    ServiceTokenAuthenticationToken(Jwt jwt, Collection<? extends GrantedAuthority> scopes, String serviceName) {
        super(jwt, isAddressedTo(jwt, serviceName) ? scopes : List.of());
        this.serviceName = serviceName;
    }

    boolean isAddressedToThisService() {
        return isAddressedTo(getToken(), serviceName);
    }

    String serviceName() {
        return serviceName;
    }

    private static boolean isAddressedTo(Jwt jwt, String serviceName) {
        List<String> audience = jwt.getAudience();
        return audience != null && audience.contains(serviceName);
    }
}
