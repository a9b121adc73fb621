package com.bakeryia.orchestrator.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * A verified user token of the configured OIDC issuer; its name is the user id ({@code sub}).
 * Kept apart from service tokens, which are {@link JwtAuthenticationToken}s of deletion-core.
 */
public final class UserTokenAuthentication extends JwtAuthenticationToken {

    static final String ROLES_CLAIM = "roles";

    UserTokenAuthentication(Jwt jwt) {
        super(jwt, authorities(jwt), jwt.getSubject());
    }

    /** Grants {@value OpsAuthorities#DELETION_OPS} when the token's {@code roles} or {@code scope} names it. */
    static Collection<GrantedAuthority> authorities(Jwt jwt) {
        Set<String> grants = new LinkedHashSet<>();
        Object roles = jwt.getClaims().get(ROLES_CLAIM);
        if (roles instanceof Collection<?> list) {
            list.forEach(role -> grants.add(String.valueOf(role)));
        }
        for (String scopeClaim : List.of("scope", "scp")) {
            Object scopes = jwt.getClaims().get(scopeClaim);
            if (scopes instanceof String text) {
                grants.addAll(List.of(text.split(" ")));
            } else if (scopes instanceof Collection<?> list) {
                list.forEach(scope -> grants.add(String.valueOf(scope)));
            }
        }
        List<GrantedAuthority> authorities = new ArrayList<>();
        if (grants.contains(OpsAuthorities.DELETION_OPS)) {
            authorities.add(new SimpleGrantedAuthority(OpsAuthorities.DELETION_OPS));
        }
        return authorities;
    }
}
