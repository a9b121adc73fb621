package com.bakeryia.fleet.security;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The roles a verified user token gives its user, read from one configured claim ({@code
 * deletion.user-tokens.roles-claim}): a claim name ({@code roles}) or a dotted path into nested
 * objects ({@code realm_access.roles}, where Keycloak puts realm roles). Only that claim counts:
 * {@code scope} and {@code scp} are what a client asked for, not what the user was granted, so
 * they never carry a role.
 */
public final class UserRoles {

    private static final Pattern PATH = Pattern.compile("[A-Za-z0-9_:-]+(\\.[A-Za-z0-9_:-]+)*");

    private final String[] path;

    private UserRoles(String[] path) {
        this.path = path;
    }

    /**
     * The roles read from the claim at this path.
     *
     * @param claimPath a claim name or dotted path, for example {@code roles} or {@code realm_access.roles}
     * @return the reader
     * @throws IllegalArgumentException when the path is blank or not dot-separated names
     */
    public static UserRoles at(String claimPath) {
        if (claimPath == null || !PATH.matcher(claimPath).matches()) {
            throw new IllegalArgumentException("deletion.user-tokens.roles-claim must be a claim name or a"
                    + " dotted path of claim names (for example roles or realm_access.roles), not '" + claimPath
                    + "'");
        }
        return new UserRoles(claimPath.split("\\."));
    }

    /**
     * The user's roles: the strings of the array at the path (a single string counts as one role);
     * none when the path is absent or holds anything else.
     *
     * @param jwt a verified user token
     * @return the roles, in the token's order
     */
    public Set<String> of(Jwt jwt) {
        Object value = jwt.getClaims();
        for (String name : path) {
            if (!(value instanceof Map<?, ?> object)) {
                return Set.of();
            }
            value = object.get(name);
        }
        Set<String> roles = new LinkedHashSet<>();
        if (value instanceof String role) {
            roles.add(role);
        } else if (value instanceof Collection<?> list) {
            list.stream()
                    .filter(String.class::isInstance)
                    .map(String.class::cast)
                    .forEach(roles::add);
        }
        return roles;
    }

    /**
     * Whether the token gives its user this role.
     *
     * @param jwt a verified user token
     * @param role the role
     * @return true when the claim names it
     */
    public boolean has(Jwt jwt, String role) {
        return of(jwt).contains(role);
    }

    @Override
    public String toString() {
        return String.join(".", path);
    }
}
