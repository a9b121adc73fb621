package com.bakeryia.fleet;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;

/**
 * The platform part of the {@code deletion.*} properties: who this service is and the tokens it
 * accepts and signs. The prefix is shared with deletion-core's own properties (batch size, passes,
 * endpoints) because it is a public contract of every service; each record binds only its own keys.
 *
 * @param serviceName name of this service as the fleet knows it (token audience, metrics tag,
 *     {@code service_name} in responses, e.g. {@code orders-service}); defaults to
 *     {@code spring.application.name}
 * @param security validation of the service tokens presented to this service
 * @param tokens issuing of service tokens by this service
 * @param userTokens validation of user tokens (people, from an OIDC issuer) by this service
 */
@ConfigurationProperties("deletion")
public record FleetProperties(
        @Nullable String serviceName,
        @DefaultValue Security security,
        @DefaultValue Tokens tokens,
        @DefaultValue UserTokens userTokens) {

    /**
     * Validation of user tokens, for a service with endpoints for people (tenant-service, the
     * orchestrator's job API). The issuer comes from Spring Boot's {@code
     * spring.security.oauth2.resourceserver.jwt.*} properties: {@code jwk-set-uri}, else {@code
     * issuer-uri}, else {@code public-key-location}.
     *
     * @param enabled whether this service declares the {@code userTokenDecoder}; it then refuses to
     *     start when none of the three properties is set
     * @param rolesClaim where a user token carries the user's roles: a claim name or a dotted path
     *     into nested objects (Keycloak's realm roles: {@code realm_access.roles}); its value is an
     *     array of strings. Roles are read from this claim only, never from {@code scope} or {@code
     *     scp}, which many identity providers let a client ask for
     */
    public record UserTokens(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("roles") String rolesClaim) {}

    /**
     * Validation of incoming service tokens.
     *
     * @param trustedIssuers issuer (the calling service's name) to the URI of its JWKS; tokens of
     *     any other issuer are rejected
     * @param clockSkew tolerance applied to {@code exp}, {@code iat} and {@code nbf}
     * @param maxTokenLifetime longest accepted span between {@code iat} and {@code exp}
     */
    public record Security(
            @DefaultValue Map<String, URI> trustedIssuers,
            @DefaultValue("30s") Duration clockSkew,
            @DefaultValue("5m") Duration maxTokenLifetime) {}

    /**
     * Issuing of service tokens by this service.
     *
     * @param signingEnabled whether this service signs service tokens and publishes its public keys
     *     at {@code /.well-known/jwks.json} and as the actuator endpoint {@code jwks}
     * @param signingKeys EC P-256 keys from PEM files; the first signs, all are published, so a new
     *     key can be published before it signs and an old one kept until its tokens expired
     * @param lifetime lifetime of the tokens this service issues (at most 5 minutes)
     */
    public record Tokens(
            @DefaultValue("false") boolean signingEnabled,
            @DefaultValue List<SigningKey> signingKeys,
            @DefaultValue("2m") Duration lifetime) {}

    /**
     * One EC P-256 key pair.
     *
     * @param id key id ({@code kid}) published in the JWKS and set in the tokens' header
     * @param privateKey PKCS#8 or SEC1 PEM file of the private key; only needed by the key that
     *     signs (the first)
     * @param publicKey X.509 SubjectPublicKeyInfo PEM file of the public key
     */
    public record SigningKey(String id, @Nullable Resource privateKey, Resource publicKey) {}
}
