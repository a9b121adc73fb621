package com.bakeryia.orchestrator.security;

import com.bakeryia.fleet.security.UserRoles;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The names the orchestrator's authorization rests on, and what a user token grants: the roles of
 * the one claim {@code deletion.user-tokens.roles-claim} names ({@link UserRoles}), never {@code
 * scope} or {@code scp}, which a client may simply ask an identity provider for.
 */
public final class OpsAuthorities {

    /** The role and authority of operators: read, follow and retry jobs; never create, cancel or expedite. */
    public static final String DELETION_OPS = "deletion-ops";

    /**
     * The role and authority of administrators: what {@value #DELETION_OPS} may, and the admin actions
     * (create a job without the owner's request, cancel, expedite), each of which waits for a second,
     * different administrator's approval.
     */
    public static final String DELETION_ADMIN = "deletion-admin";

    /** The only service whose tokens may create and cancel jobs. */
    public static final String TENANT_SERVICE = "tenant-service";

    private static final List<String> GRANTED_ROLES = List.of(DELETION_OPS, DELETION_ADMIN);

    private final UserRoles roles;

    OpsAuthorities(UserRoles roles) {
        this.roles = roles;
    }

    /** Grants {@value #DELETION_OPS} and {@value #DELETION_ADMIN} for the roles the configured claim names. */
    Collection<GrantedAuthority> ofUserToken(Jwt jwt) {
        Set<String> userRoles = roles.of(jwt);
        List<GrantedAuthority> granted = new ArrayList<>();
        for (String role : GRANTED_ROLES) {
            if (userRoles.contains(role)) {
                granted.add(new SimpleGrantedAuthority(role));
            }
        }
        return granted;
    }
}
