package com.bakeryia.orchestrator.security;

import java.io.IOException;
import java.io.InputStream;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.autoconfigure.security.oauth2.resource.OAuth2ResourceServerProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.security.converter.RsaKeyConverters;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.util.StringUtils;

/**
 * Validation of user tokens from the configured OIDC issuer, through Spring Boot's {@code
 * spring.security.oauth2.resourceserver.jwt.*} properties: {@code jwk-set-uri} (with {@code
 * issuer-uri}, when set, as the required issuer), else {@code issuer-uri} (discovered on first
 * use), else {@code public-key-location} (RS256; the {@code local} profile's dev key). Without
 * any of them the service refuses to start, saying what to set. Blank values count as unset, so
 * {@code ${USER_TOKEN_JWKS_URI:}} placeholders are safe.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OAuth2ResourceServerProperties.class)
class UserTokenConfiguration {

    static final String ROLES_CLAIM = "roles";

    @Bean
    JwtDecoder userTokenDecoder(OAuth2ResourceServerProperties properties) {
        OAuth2ResourceServerProperties.Jwt jwt = properties.getJwt();
        String issuer = jwt.getIssuerUri();
        if (StringUtils.hasText(jwt.getJwkSetUri())) {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwt.getJwkSetUri())
                    .jwsAlgorithms(algorithms -> jwt.getJwsAlgorithms().stream()
                            .map(SignatureAlgorithm::from)
                            .forEach(algorithms::add))
                    .build();
            decoder.setJwtValidator(validator(issuer, jwt.getAudiences()));
            return decoder;
        }
        if (StringUtils.hasText(issuer)) {
            return new SupplierJwtDecoder(() -> {
                NimbusJwtDecoder decoder = JwtDecoders.fromIssuerLocation(issuer);
                decoder.setJwtValidator(validator(issuer, jwt.getAudiences()));
                return decoder;
            });
        }
        Resource publicKey = jwt.getPublicKeyLocation();
        if (publicKey != null) {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(readPublicKey(publicKey))
                    .signatureAlgorithm(SignatureAlgorithm.RS256)
                    .build();
            decoder.setJwtValidator(validator(null, jwt.getAudiences()));
            return decoder;
        }
        throw new InvalidConfigurationPropertyValueException(
                "spring.security.oauth2.resourceserver.jwt.issuer-uri",
                issuer,
                "User tokens (ops users) cannot be validated: set USER_TOKEN_ISSUER_URI"
                        + " (spring.security.oauth2.resourceserver.jwt.issuer-uri) or USER_TOKEN_JWKS_URI"
                        + " (spring.security.oauth2.resourceserver.jwt.jwk-set-uri), or run with the 'local' profile");
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

    private static OAuth2TokenValidator<Jwt> validator(String issuer, List<String> audiences) {
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(
                StringUtils.hasText(issuer)
                        ? JwtValidators.createDefaultWithIssuer(issuer)
                        : JwtValidators.createDefault());
        if (!audiences.isEmpty()) {
            validators.add(new JwtClaimValidator<List<String>>(
                    "aud", aud -> aud != null && aud.stream().anyMatch(audiences::contains)));
        }
        return new DelegatingOAuth2TokenValidator<>(validators);
    }

    private static RSAPublicKey readPublicKey(Resource location) {
        try (InputStream input = location.getInputStream()) {
            return RsaKeyConverters.x509().convert(input);
        } catch (IOException | IllegalArgumentException ex) {
            throw new InvalidConfigurationPropertyValueException(
                    "spring.security.oauth2.resourceserver.jwt.public-key-location",
                    location.getDescription(),
                    "Cannot read an RSA public key (X.509 PEM): " + ex.getMessage());
        }
    }
}
