package com.bakeryia.orchestrator.security;

import java.util.Collection;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * A verified user token of the configured OIDC issuer; its name is the user id ({@code sub}).
 * Kept apart from service tokens, which are {@link JwtAuthenticationToken}s of deletion-core.
 */
public final class UserTokenAuthentication extends JwtAuthenticationToken {

    UserTokenAuthentication(Jwt jwt, Collection<? extends GrantedAuthority> authorities) {
        super(jwt, authorities, jwt.getSubject());
    }
}
