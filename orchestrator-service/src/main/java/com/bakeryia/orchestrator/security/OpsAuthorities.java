package com.bakeryia.orchestrator.security;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/** The names the orchestrator's authorization rests on, and what a user token grants. */
public final class OpsAuthorities {

    /** The role (in a user token's {@code roles} or {@code scope}) and authority of operators. */
    public static final String DELETION_OPS = "deletion-ops";

    /** The only service whose tokens may create and cancel jobs. */
    public static final String TENANT_SERVICE = "tenant-service";

    static final String ROLES_CLAIM = "roles";

    private OpsAuthorities() {}

    /** Grants {@value #DELETION_OPS} when the user token's {@code roles}, {@code scope} or {@code scp} names it. */
    static Collection<GrantedAuthority> ofUserToken(Jwt jwt) {
        Set<String> grants = new LinkedHashSet<>();
        if (jwt.getClaims().get(ROLES_CLAIM) instanceof Collection<?> roles) {
            roles.forEach(role -> grants.add(String.valueOf(role)));
        }
        for (String scopeClaim : List.of("scope", "scp")) {
            Object scopes = jwt.getClaims().get(scopeClaim);
            if (scopes instanceof String text) {
                grants.addAll(List.of(text.split(" ")));
            } else if (scopes instanceof Collection<?> list) {
                list.forEach(scope -> grants.add(String.valueOf(scope)));
            }
        }
        return grants.contains(DELETION_OPS) ? List.of(new SimpleGrantedAuthority(DELETION_OPS)) : List.of();
    }
}
