package com.bakeryia.fleet.security;

import com.bakeryia.fleet.FleetProperties;
import com.bakeryia.fleet.token.CanonicalUuid;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.SingleKeyJWSKeySelector;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.security.oauth2.resource.OAuth2ResourceServerProperties;
import org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.Resource;
import org.springframework.security.converter.RsaKeyConverters;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.util.StringUtils;

/**
 * The decoder of user tokens ({@code userTokenDecoder}) when {@code deletion.user-tokens.enabled=true},
 * from Spring Boot's {@code spring.security.oauth2.resourceserver.jwt.*} properties: {@code
 * jwk-set-uri} ({@code USER_TOKEN_JWKS_URI}), else {@code issuer-uri} ({@code
 * USER_TOKEN_ISSUER_URI}, discovered on first use so start-up does not need the issuer), else
 * {@code public-key-location} (RS256; the {@code local} profile's dev key). Declared here rather
 * than left to Boot so that empty values count as unset and a service with none of them refuses to
 * start saying what to set. A token must carry {@code exp}, be current (30 s skew, judged by the
 * application's {@link Clock}), come from {@code issuer-uri} when that is set, name one of {@code
 * audiences} when those are set, and carry the user id as a canonical UUID {@code sub}.
 *
 * <p>Pair it with service tokens in one chain through {@link
 * ServiceTokenAuthentication#authenticationManagerResolver(JwtDecoder,
 * org.springframework.core.convert.converter.Converter)}.
 */
@AutoConfiguration(before = OAuth2ResourceServerAutoConfiguration.class)
@ConditionalOnClass(NimbusJwtDecoder.class)
@ConditionalOnProperty(prefix = "deletion.user-tokens", name = "enabled", havingValue = "true")
@EnableConfigurationProperties({OAuth2ResourceServerProperties.class, FleetProperties.class})
class UserTokenAutoConfiguration {

    static final String MISSING_CONFIGURATION = "No issuer of user tokens is configured: set USER_TOKEN_ISSUER_URI"
            + " (spring.security.oauth2.resourceserver.jwt.issuer-uri, OIDC discovery) or USER_TOKEN_JWKS_URI"
            + " (spring.security.oauth2.resourceserver.jwt.jwk-set-uri), or run with the 'local' profile, which"
            + " trusts the dev key of scripts/dev-token";

    static final String MISSING_AUDIENCE = "No audience of user tokens is configured: set USER_TOKEN_AUDIENCES"
            + " (spring.security.oauth2.resourceserver.jwt.audiences, a comma-separated list: the client ids of this"
            + " fleet at the identity provider; a token must name one of them in aud), or run with the 'local'"
            + " profile, which sets bakery-ia";

    private static final String KEYS_OF_USER_TOKENS = "the user-token issuer";

    @Bean
    @ConditionalOnMissingBean(name = "userTokenDecoder")
    JwtDecoder userTokenDecoder(OAuth2ResourceServerProperties properties, FleetProperties fleet, Clock clock) {
        OAuth2ResourceServerProperties.Jwt jwt = properties.getJwt();
        String issuer = jwt.getIssuerUri();
        List<String> audiences =
                jwt.getAudiences().stream().filter(StringUtils::hasText).toList();
        if (audiences.isEmpty()) {
            throw new IllegalStateException(MISSING_AUDIENCE);
        }
        OAuth2TokenValidator<Jwt> validator = validator(jwt, audiences, fleet.userTokens(), clock);
        FleetProperties.Jwks jwks = fleet.security().jwks();
        Set<JWSAlgorithm> algorithms =
                jwt.getJwsAlgorithms().stream().map(JWSAlgorithm::parse).collect(Collectors.toSet());
        if (StringUtils.hasText(jwt.getJwkSetUri())) {
            return FleetJwtDecoder.of(
                    JwkSources.at(URI.create(jwt.getJwkSetUri()), jwks),
                    algorithms,
                    TokenTypes.USER_TOKENS,
                    validator,
                    KEYS_OF_USER_TOKENS,
                    jwt.getJwkSetUri(),
                    jwks);
        }
        if (StringUtils.hasText(issuer)) {
            return FleetJwtDecoder.of(
                    JwkSources.discoveredFrom(issuer, jwks),
                    algorithms,
                    TokenTypes.USER_TOKENS,
                    validator,
                    KEYS_OF_USER_TOKENS,
                    issuer,
                    jwks);
        }
        Resource publicKey = jwt.getPublicKeyLocation();
        if (publicKey != null) {
            return FleetJwtDecoder.of(
                    new SingleKeyJWSKeySelector<>(JWSAlgorithm.RS256, readPublicKey(publicKey)),
                    TokenTypes.USER_TOKENS,
                    validator,
                    KEYS_OF_USER_TOKENS,
                    publicKey.getDescription());
        }
        throw new IllegalStateException(MISSING_CONFIGURATION);
    }

    private static OAuth2TokenValidator<Jwt> validator(
            OAuth2ResourceServerProperties.Jwt jwt,
            List<String> audiences,
            FleetProperties.UserTokens settings,
            Clock clock) {
        Duration skew = settings.clockSkew();
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>(List.of(
                TokenChecks.required(Jwt::getExpiresAt, "The user token has no expiry (exp)"),
                TokenChecks.required(Jwt::getIssuedAt, "The user token has no issue time (iat)"),
                expiry(skew, clock),
                TokenChecks.notLaterThanNow(
                        Jwt::getIssuedAt,
                        skew,
                        clock,
                        iat -> "The user token was issued in the future (iat " + iat + ")"),
                TokenChecks.notLaterThanNow(
                        Jwt::getNotBefore, skew, clock, nbf -> "The user token is not valid yet (nbf " + nbf + ")"),
                notOlderThan(settings.maxTokenAge(), clock),
                audience(audiences),
                canonicalSubject()));
        if (StringUtils.hasText(jwt.getIssuerUri())) {
            validators.add(new JwtIssuerValidator(jwt.getIssuerUri()));
        }
        return new DelegatingOAuth2TokenValidator<>(validators);
    }

    private static OAuth2TokenValidator<Jwt> expiry(Duration skew, Clock clock) {
        return jwt -> {
            Instant expiresAt = jwt.getExpiresAt();
            return expiresAt != null && clock.instant().minus(skew).isAfter(expiresAt)
                    ? TokenChecks.invalid("The user token is expired (exp " + expiresAt + ")")
                    : OAuth2TokenValidatorResult.success();
        };
    }

    private static OAuth2TokenValidator<Jwt> notOlderThan(Duration maxAge, Clock clock) {
        return jwt -> {
            Instant issuedAt = jwt.getIssuedAt();
            return issuedAt != null && issuedAt.plus(maxAge).isBefore(clock.instant())
                    ? TokenChecks.invalid("The user token was issued at " + issuedAt + ", older than the accepted "
                            + maxAge + " (deletion.user-tokens.max-token-age)")
                    : OAuth2TokenValidatorResult.success();
        };
    }

    private static OAuth2TokenValidator<Jwt> audience(List<String> audiences) {
        return jwt -> {
            List<String> audience = jwt.getAudience();
            return audience != null && audience.stream().anyMatch(audiences::contains)
                    ? OAuth2TokenValidatorResult.success()
                    : TokenChecks.invalid("The user token is not for this service: its aud "
                            + (audience != null ? audience : "[]") + " names none of " + audiences);
        };
    }

    private static OAuth2TokenValidator<Jwt> canonicalSubject() {
        return jwt -> CanonicalUuid.isCanonical(jwt.getSubject())
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error(
                        OAuth2ErrorCodes.INVALID_TOKEN,
                        "The user token's sub must be the user id, a canonical UUID",
                        null));
    }

    private static RSAPublicKey readPublicKey(Resource location) {
        try (InputStream pem = location.getInputStream()) {
            return RsaKeyConverters.x509().convert(pem);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidConfigurationPropertyValueException(
                    "spring.security.oauth2.resourceserver.jwt.public-key-location",
                    location.getDescription(),
                    "Cannot read an RSA public key (X.509 PEM): " + e.getMessage());
        }
    }
}
