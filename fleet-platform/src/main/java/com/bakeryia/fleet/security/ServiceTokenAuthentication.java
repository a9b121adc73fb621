package com.bakeryia.fleet.security;

import com.bakeryia.fleet.FleetProperties;
import com.bakeryia.fleet.ServiceIdentity;
import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTParser;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtIssuerAuthenticationManagerResolver;

/**
 * Authentication of the service tokens presented to this service, for the {@code
 * oauth2ResourceServer} of any security filter chain:
 *
 * <pre>{@code
 * http.oauth2ResourceServer(o -> o.authenticationManagerResolver(serviceTokens.authenticationManagerResolver()))
 * }</pre>
 *
 * <p>A token is authenticated only when its issuer is one of {@code deletion.security.trusted-issuers}
 * and it is signed with ES256 by a key that issuer publishes (fetched through {@link JwkSources}:
 * cached, rate limited, outage tolerant); its JOSE {@code typ} must be {@code JWT} (a deletion
 * receipt is refused by its type); it must name exactly one audience, carry {@code exp} and {@code
 * iat} at most {@code deletion.security.max-token-lifetime} apart, be current (with {@code
 * deletion.security.clock-skew}) and name one tenant in a canonical UUID {@code tenant_id}. Its
 * scopes become {@code SCOPE_} authorities only when its audience names this service, and only
 * those its issuer may grant ({@code deletion.security.issuer-scopes.<issuer>}; an issuer without
 * an entry grants none). Every rejection is an {@link InvalidBearerTokenException} whose
 * description says what was wrong.
 */
public final class ServiceTokenAuthentication {

    private static final Logger log = LoggerFactory.getLogger(ServiceTokenAuthentication.class);

    private static final int MAX_DISPLAYED_ISSUER_LENGTH = 100;

    private final Map<String, URI> trustedIssuers;
    private final Duration clockSkew;
    private final Duration maxTokenLifetime;
    private final Clock clock;
    private final String serviceName;
    private final Map<String, List<String>> issuerScopes;
    private final FleetProperties.Jwks jwks;
    private final Map<String, AuthenticationManager> managers = new ConcurrentHashMap<>();
    private final AuthenticationManagerResolver<HttpServletRequest> resolver;

    /**
     * Creates the authentication of service tokens addressed to the given service.
     *
     * @param identity this service, the audience the tokens must name
     * @param security the trusted issuers, clock skew and longest accepted token lifetime
     * @param clock the clock that judges {@code exp}, {@code nbf} and {@code iat}
     */
    public ServiceTokenAuthentication(ServiceIdentity identity, FleetProperties.Security security, Clock clock) {
        this.trustedIssuers = Map.copyOf(security.trustedIssuers());
        this.clockSkew = security.clockSkew();
        this.maxTokenLifetime = security.maxTokenLifetime();
        this.clock = clock;
        this.serviceName = identity.name();
        this.issuerScopes = security.issuerScopes();
        trustedIssuers.keySet().stream()
                .filter(issuer -> !issuerScopes.containsKey(issuer))
                .sorted()
                .forEach(issuer -> log.warn(
                        "Trusted issuer '{}' grants no scope here: no deletion.security.issuer-scopes.{} is set",
                        issuer,
                        issuer));
        this.jwks = security.jwks();
        this.resolver = new JwtIssuerAuthenticationManagerResolver(this::resolve);
    }

    /**
     * The resolver to hand to {@code oauth2ResourceServer(o -> o.authenticationManagerResolver(...))}:
     * it picks the trusted issuer from the token's (not yet verified) {@code iss} and rejects
     * any other issuer.
     *
     * @return the resolver, the same instance on every call
     */
    public AuthenticationManagerResolver<HttpServletRequest> authenticationManagerResolver() {
        return resolver;
    }

    /**
     * The resolver of a chain that takes service tokens and user tokens side by side (tenant-service,
     * the orchestrator): a token whose (not yet verified) {@code iss} is a trusted service is
     * authenticated as a service token, any other by {@code userTokenDecoder} as a {@link
     * UserTokenAuthentication}. Either way the signature is verified before anything is granted.
     *
     * @param userTokenDecoder verifies user tokens, usually the {@code userTokenDecoder} of {@code
     *     deletion.user-tokens.enabled}
     * @param userAuthorities what the service grants a user from a verified user token
     * @return a new resolver
     */
    public AuthenticationManagerResolver<HttpServletRequest> authenticationManagerResolver(
            JwtDecoder userTokenDecoder, Converter<Jwt, ? extends Collection<GrantedAuthority>> userAuthorities) {
        JwtAuthenticationProvider users = new JwtAuthenticationProvider(userTokenDecoder);
        users.setJwtAuthenticationConverter(jwt -> new UserTokenAuthentication(jwt, userAuthorities.convert(jwt)));
        AuthenticationManager userTokens = new ProviderManager(users);
        return new JwtIssuerAuthenticationManagerResolver(issuer -> {
            AuthenticationManager service = authenticationManager(issuer);
            return service != null ? service : userTokens;
        });
    }

    /**
     * The authentication manager for tokens of one issuer, for a service that composes its own
     * resolver (for example user tokens of an OIDC issuer and service tokens side by side).
     *
     * @param issuer the token's {@code iss}
     * @return the manager, or {@code null} when the issuer is not trusted
     */
    public @Nullable AuthenticationManager authenticationManager(String issuer) {
        URI jwkSetUri = trustedIssuers.get(issuer);
        if (jwkSetUri == null) {
            return null;
        }
        return managers.computeIfAbsent(issuer, trusted -> newAuthenticationManager(trusted, jwkSetUri));
    }

    private AuthenticationManager resolve(String issuer) {
        AuthenticationManager manager = authenticationManager(issuer);
        if (manager != null) {
            return manager;
        }
        String untrusted = displayable(issuer);
        log.debug("Rejected a service token of untrusted issuer '{}'", untrusted);
        return authentication -> {
            throw new InvalidBearerTokenException("Token issuer '" + untrusted + "' is not trusted");
        };
    }

    private AuthenticationManager newAuthenticationManager(String issuer, URI jwkSetUri) {
        FleetJwtDecoder decoder = FleetJwtDecoder.of(
                JwkSources.at(jwkSetUri, jwks),
                Set.of(JWSAlgorithm.ES256),
                TokenTypes.SERVICE_TOKENS,
                ServiceTokenValidators.forIssuer(issuer, clockSkew, maxTokenLifetime, clock),
                "issuer '" + issuer + "'",
                jwkSetUri.toString(),
                jwks);
        JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder);
        provider.setJwtAuthenticationConverter(new ServiceTokenAuthenticationConverter(
                serviceName, Set.copyOf(issuerScopes.getOrDefault(issuer, List.of()))));
        return authentication -> authenticate(provider, authentication, issuer);
    }

    private static Authentication authenticate(
            JwtAuthenticationProvider provider, Authentication authentication, String issuer) {
        try {
            return provider.authenticate(authentication);
        } catch (InvalidBearerTokenException ex) {
            throw new InvalidBearerTokenException(reason(ex, authentication, issuer), ex);
        }
    }

    private static String reason(InvalidBearerTokenException ex, Authentication authentication, String issuer) {
        if (ex.getCause() instanceof JwtValidationException invalid) {
            return invalid.getErrors().stream()
                    .map(OAuth2Error::getDescription)
                    .filter(Objects::nonNull)
                    .findFirst()
                    .orElse("The bearer token is invalid");
        }
        if (ex.getCause() instanceof FleetJwtDecoder.Described described
                && TokenTypes.RECEIPT_IS_NO_TOKEN.equals(described.getMessage())) {
            return described.getMessage();
        }
        Algorithm algorithm = algorithmOf(authentication);
        if (algorithm != null && !JWSAlgorithm.ES256.equals(algorithm)) {
            return "The bearer token's algorithm is " + algorithm + ", only ES256 is accepted";
        }
        if (ex.getCause() instanceof FleetJwtDecoder.Described described) {
            return described.getMessage();
        }
        // The root cause (Nimbus' words, a key source's message) goes to the log only.
        log.debug(
                "A service token of issuer '{}' does not verify: {}",
                issuer,
                rootCause(ex).toString());
        return "The bearer token does not verify with the keys of issuer '" + issuer
                + "': its signature matches none of them";
    }

    private static @Nullable Algorithm algorithmOf(Authentication authentication) {
        if (!(authentication instanceof BearerTokenAuthenticationToken bearer)) {
            return null;
        }
        try {
            return JWTParser.parse(bearer.getToken()).getHeader().getAlgorithm();
        } catch (ParseException ex) {
            return null;
        }
    }

    private static String displayable(String unverified) {
        String printable = unverified.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= MAX_DISPLAYED_ISSUER_LENGTH
                ? printable
                : printable.substring(0, MAX_DISPLAYED_ISSUER_LENGTH) + "...";
    }

    private static Throwable rootCause(Throwable ex) {
        Throwable cause = ex;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
