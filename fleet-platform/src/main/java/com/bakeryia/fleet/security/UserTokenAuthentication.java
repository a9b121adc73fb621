package com.bakeryia.fleet.security;

import java.util.Collection;
import java.util.UUID;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * A verified user token (a person, from the OIDC issuer of {@code userTokenDecoder}), kept apart
 * from service tokens. Its name is the user id, the
 * token's {@code sub}; its authorities are what the service granted from the token, see {@link
 * ServiceTokenAuthentication#authenticationManagerResolver(org.springframework.security.oauth2.jwt.JwtDecoder,
 * org.springframework.core.convert.converter.Converter)}. One class for every service that takes user
 * tokens, so that a chain tells users from services by type.
 */
public final class UserTokenAuthentication extends JwtAuthenticationToken {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the authentication of a verified user token.
     *
     * @param jwt the verified token; its {@code sub} is a canonical UUID (checked by {@code userTokenDecoder})
     * @param authorities what the service grants the user from the token
     */
    public UserTokenAuthentication(Jwt jwt, Collection<? extends GrantedAuthority> authorities) {
        super(jwt, authorities, jwt.getSubject());
    }

    /**
     * The user: the token's {@code sub}.
     *
     * @return the user id
     */
    public UUID userId() {
        return UUID.fromString(getToken().getSubject());
    }
}
