package com.bakeryia.tenant.security;

import java.util.List;
import java.util.UUID;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * A verified user token of the configured OIDC issuer. It carries no authorities: what a user may
 * do in a tenant is read from the database on every request, never from the token.
 */
public final class UserTokenAuthentication extends JwtAuthenticationToken {

    private static final long serialVersionUID = 1L;

    UserTokenAuthentication(Jwt jwt) {
        super(jwt, List.of(), jwt.getSubject());
    }

    /** The user: the token's {@code sub}, a canonical UUID (checked when the token was decoded). */
    public UUID userId() {
        return UUID.fromString(getToken().getSubject());
    }
}
