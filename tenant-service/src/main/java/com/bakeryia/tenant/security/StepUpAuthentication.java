package com.bakeryia.tenant.security;

import com.bakeryia.fleet.FleetProperties;
import com.bakeryia.fleet.security.UserTokenAuthentication;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * RFC 9470 step-up for the irreversible acts (the owner's deletion of a tenant, the user's own
 * account cleanup): a user token must say in {@code auth_time} when the user authenticated at the
 * identity provider, no longer ago than {@code tenant.security.max-auth-age} by the application's
 * {@link Clock} ({@code deletion.user-tokens.clock-skew}, 30 s, accepted for an {@code auth_time} in the
 * future). Called before anything changes. A service token has no {@code auth_time} and is not
 * judged here: its scope is the service's authority.
 */
@Component
public class StepUpAuthentication {

    /** The claim (OpenID Connect Core 1.0, section 2; RFC 9470, section 3). */
    public static final String AUTH_TIME = "auth_time";

    private final Duration maxAuthAge;
    private final Duration clockSkew;
    private final Clock clock;

    StepUpAuthentication(TenantSecurityProperties properties, FleetProperties fleet, Clock clock) {
        this.maxAuthAge = properties.maxAuthAge();
        this.clockSkew = fleet.userTokens().clockSkew();
        this.clock = clock;
    }

    /**
     * Refuses a user token whose user did not authenticate recently enough.
     *
     * @param caller the request's authentication
     * @throws InsufficientUserAuthenticationException for a user token without {@code auth_time},
     *     or one older than the maximum, or later than now plus the skew
     */
    public void requireRecentAuthentication(Authentication caller) {
        if (!(caller instanceof UserTokenAuthentication user)) {
            return;
        }
        Object claim = user.getToken().getClaims().get(AUTH_TIME);
        if (claim == null) {
            throw challenge("The user token has no auth_time; this request needs a recent sign-in");
        }
        Instant authTime = instant(claim);
        if (authTime == null) {
            throw challenge("The user token's auth_time is not a number of seconds");
        }
        Instant now = clock.instant();
        if (authTime.isAfter(now.plus(clockSkew))) {
            throw challenge("The user token's auth_time (" + authTime + ") is in the future");
        }
        if (Duration.between(authTime, now).compareTo(maxAuthAge) > 0) {
            throw challenge("The user authenticated at " + authTime + ", more than " + maxAuthAge.toSeconds()
                    + " s ago; this request needs a sign-in within the last " + maxAuthAge.toSeconds() + " s");
        }
    }

    private InsufficientUserAuthenticationException challenge(String detail) {
        return new InsufficientUserAuthenticationException(detail, maxAuthAge);
    }

    private static @Nullable Instant instant(Object claim) {
        if (claim instanceof Instant instant) {
            return instant;
        }
        if (claim instanceof Number seconds) {
            return Instant.ofEpochSecond(seconds.longValue());
        }
        return null;
    }
}
