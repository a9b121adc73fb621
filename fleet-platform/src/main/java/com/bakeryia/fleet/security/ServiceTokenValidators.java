package com.bakeryia.fleet.security;

import com.bakeryia.fleet.token.CanonicalUuid;
import com.bakeryia.fleet.token.ServiceTokenClaims;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;

/**
 * The claim checks of a service token once its signature verified. Of the audience only its
 * shape is checked (exactly one): a token for another service authenticates but grants nothing
 * here (see {@link ServiceTokenAuthenticationConverter}), which makes it a 403 rather than a 401.
 */
final class ServiceTokenValidators {

    private ServiceTokenValidators() {}

    static OAuth2TokenValidator<Jwt> forIssuer(String issuer, Duration clockSkew, Duration maxLifetime, Clock clock) {
        return new DelegatingOAuth2TokenValidator<>(List.of(
                new JwtIssuerValidator(issuer),
                exactlyOneAudience(),
                TokenChecks.required(Jwt::getExpiresAt, "The bearer token has no expiry (exp claim)"),
                TokenChecks.required(Jwt::getIssuedAt, "The bearer token has no issue time (iat claim)"),
                timestamps(clockSkew, clock),
                TokenChecks.notLaterThanNow(
                        Jwt::getIssuedAt,
                        clockSkew,
                        clock,
                        issuedAt -> "The bearer token is issued in the future (iat " + issuedAt + ")"),
                lifetimeAtMost(maxLifetime),
                boundToOneTenantOrUser()));
    }

    private static OAuth2TokenValidator<Jwt> exactlyOneAudience() {
        return jwt -> {
            List<String> audience = jwt.getAudience();
            return audience != null && audience.size() == 1
                    ? OAuth2TokenValidatorResult.success()
                    : TokenChecks.invalid("A service token must name exactly one audience");
        };
    }

    private static OAuth2TokenValidator<Jwt> timestamps(Duration clockSkew, Clock clock) {
        JwtTimestampValidator timestamps = new JwtTimestampValidator(clockSkew);
        timestamps.setClock(clock);
        return jwt -> {
            if (!timestamps.validate(jwt).hasErrors()) {
                return OAuth2TokenValidatorResult.success();
            }
            Instant expiresAt = jwt.getExpiresAt();
            if (expiresAt != null && clock.instant().minus(clockSkew).isAfter(expiresAt)) {
                return TokenChecks.invalid("The bearer token is expired (exp " + expiresAt + ")");
            }
            return TokenChecks.invalid("The bearer token is not valid yet (nbf " + jwt.getNotBefore() + ")");
        };
    }

    private static OAuth2TokenValidator<Jwt> lifetimeAtMost(Duration maxLifetime) {
        return jwt -> {
            Instant issuedAt = jwt.getIssuedAt();
            Instant expiresAt = jwt.getExpiresAt();
            if (issuedAt != null && expiresAt != null) {
                Duration lifetime = Duration.between(issuedAt, expiresAt);
                if (lifetime.compareTo(maxLifetime) > 0) {
                    return TokenChecks.invalid("The bearer token lives " + lifetime
                            + " (exp - iat), longer than the accepted " + maxLifetime);
                }
            }
            return OAuth2TokenValidatorResult.success();
        };
    }

    private static OAuth2TokenValidator<Jwt> boundToOneTenantOrUser() {
        return jwt -> {
            Object tenantId = jwt.getClaims().get(ServiceTokenClaims.TENANT_ID);
            Object userId = jwt.getClaims().get(ServiceTokenClaims.USER_ID);
            if (tenantId == null && userId != null) {
                return userId instanceof String user && CanonicalUuid.isCanonical(user)
                        ? OAuth2TokenValidatorResult.success()
                        : TokenChecks.invalid(
                                "The bearer token's " + ServiceTokenClaims.USER_ID + " claim is not a canonical UUID");
            }
            return tenantId instanceof String tenant && CanonicalUuid.isCanonical(tenant)
                    ? OAuth2TokenValidatorResult.success()
                    : TokenChecks.invalid("The bearer token's " + ServiceTokenClaims.TENANT_ID
                            + " claim is missing or not a canonical UUID");
        };
    }
}
