package com.bakeryia.fleet.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The claim checks service tokens and user tokens share, each failure an {@code invalid_token}
 * whose description says what was wrong; the wording stays each kind's own.
 */
final class TokenChecks {

    private TokenChecks() {}

    /** The claim is present. */
    static OAuth2TokenValidator<Jwt> required(Function<Jwt, @Nullable Object> claim, String description) {
        return jwt -> claim.apply(jwt) != null ? OAuth2TokenValidatorResult.success() : invalid(description);
    }

    /** The instant, when present, is not later than now plus the skew. */
    static OAuth2TokenValidator<Jwt> notLaterThanNow(
            Function<Jwt, @Nullable Instant> claim, Duration skew, Clock clock, Function<Instant, String> description) {
        return jwt -> {
            Instant time = claim.apply(jwt);
            return time != null && time.isAfter(clock.instant().plus(skew))
                    ? invalid(description.apply(time))
                    : OAuth2TokenValidatorResult.success();
        };
    }

    static OAuth2TokenValidatorResult invalid(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
    }
}
