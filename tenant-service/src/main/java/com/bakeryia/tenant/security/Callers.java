package com.bakeryia.tenant.security;

import com.bakeryia.fleet.security.UserTokenAuthentication;
import org.springframework.security.core.Authentication;

/** Who made a request, as recorded in deletion requests ({@code requested_by}). */
public final class Callers {

    private Callers() {}

    /**
     * The user id of a user token, else the calling service's name (a service token's {@code sub}).
     *
     * @param authentication the request's authentication, as the security chain left it
     */
    public static String requesterOf(Authentication authentication) {
        if (authentication instanceof UserTokenAuthentication user) {
            return user.userId().toString();
        }
        return authentication.getName();
    }
}
