package com.bakeryia.fleet;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
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
     * @param maxTokenAge oldest accepted user token: one whose {@code iat} is longer ago is
     *     rejected (401) even when it has not expired, so that a token of an identity provider with
     *     long lifetimes cannot be replayed for days
     * @param clockSkew tolerance applied to {@code exp}, {@code nbf} and {@code iat}: a token whose
     *     {@code iat} or {@code nbf} is later than now plus this is rejected
     */
    public record UserTokens(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("roles") String rolesClaim,
            @DefaultValue("1h") Duration maxTokenAge,
            @DefaultValue("30s") Duration clockSkew) {}

    /**
     * Validation of incoming service tokens.
     *
     * @param trustedIssuers issuer (the calling service's name) to the URI of its JWKS; tokens of
     *     any other issuer are rejected
     * @param clockSkew tolerance applied to {@code exp}, {@code iat} and {@code nbf}
     * @param maxTokenLifetime longest accepted span between {@code iat} and {@code exp}
     * @param issuerScopes issuer to the scopes its tokens may grant here; a scope of a token that
     *     its issuer may not grant is refused (403), and a trusted issuer without an entry grants
     *     no scope at all (fail closed)
     * @param jwks how the keys of the trusted issuers and of the user-token issuer are fetched
     */
    public record Security(
            @DefaultValue Map<String, URI> trustedIssuers,
            @DefaultValue("30s") Duration clockSkew,
            @DefaultValue("5m") Duration maxTokenLifetime,
            @DefaultValue Map<String, List<String>> issuerScopes,
            @DefaultValue Jwks jwks) {

        /** The constructor the properties bind to. */
        @ConstructorBinding
        public Security {
            // An issuer whose JWKS URI is empty (an unset environment variable) is not trusted.
            trustedIssuers = trustedIssuers.entrySet().stream()
                    .filter(issuer -> issuer.getValue() != null
                            && !issuer.getValue().toString().isBlank())
                    .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
            issuerScopes = Map.copyOf(issuerScopes);
        }

        /**
         * Creates the settings with no issuer scopes and the default key fetches.
         *
         * @param trustedIssuers issuer to the URI of its JWKS
         * @param clockSkew tolerance applied to {@code exp}, {@code iat} and {@code nbf}
         * @param maxTokenLifetime longest accepted span between {@code iat} and {@code exp}
         */
        public Security(Map<String, URI> trustedIssuers, Duration clockSkew, Duration maxTokenLifetime) {
            this(trustedIssuers, clockSkew, maxTokenLifetime, Map.of(), Jwks.DEFAULTS);
        }
    }

    /**
     * How a JWK set (a trusted issuer's, the user-token issuer's) is fetched and kept: a Nimbus
     * {@code JWKSourceBuilder} source with a cache refreshed ahead of its expiry, a rate limit and
     * outage tolerance.
     *
     * @param cacheTtl how long fetched keys are used before they are fetched again
     * @param refreshTimeout how long a request waits for a fetch that another request started
     * @param minRefreshInterval shortest time between two fetches: a token with an unknown {@code
     *     kid} triggers at most one fetch per interval, so unknown kids cannot make this service
     *     hammer an issuer
     * @param outageTolerance how long the last fetched keys keep verifying tokens while the JWKS
     *     cannot be fetched
     * @param connectTimeout connect timeout of a fetch
     * @param readTimeout read timeout of a fetch
     */
    public record Jwks(
            @DefaultValue("5m") Duration cacheTtl,
            @DefaultValue("5s") Duration refreshTimeout,
            @DefaultValue("30s") Duration minRefreshInterval,
            @DefaultValue("1h") Duration outageTolerance,
            @DefaultValue("2s") Duration connectTimeout,
            @DefaultValue("5s") Duration readTimeout) {

        /** The defaults, as the properties bind them when none is set. */
        public static final Jwks DEFAULTS = new Jwks(
                Duration.ofMinutes(5),
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                Duration.ofHours(1),
                Duration.ofSeconds(2),
                Duration.ofSeconds(5));
    }

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
