package com.bakeryia.fleet.security;

import com.bakeryia.fleet.FleetProperties;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.ResourceRetriever;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JWK sets the fleet verifies tokens with, each a Nimbus {@link JWKSourceBuilder} source: cached
 * ({@code deletion.security.jwks.cache-ttl}) and refreshed ahead of expiry, rate limited (a token
 * with an unknown {@code kid} causes at most one fetch per {@code min-refresh-interval}) and outage
 * tolerant (the last keys keep verifying for {@code outage-tolerance} while the JWKS cannot be
 * fetched). Spring Security's own builder switches the rate limit off, so it is not used.
 */
final class JwkSources {

    private static final Duration MAX_REFRESH_AHEAD = Duration.ofSeconds(30);

    private JwkSources() {}

    /**
     * The keys published at a JWKS URI.
     *
     * @param jwkSetUri the JWKS
     * @param settings cache, rate limit, outage tolerance and timeouts
     * @return the source
     */
    static JWKSource<SecurityContext> at(URI jwkSetUri, FleetProperties.Jwks settings) {
        Duration ttl = settings.cacheTtl();
        Duration refreshTimeout = settings.refreshTimeout();
        Duration refreshAhead = ttl.minus(refreshTimeout).dividedBy(2);
        if (refreshAhead.compareTo(MAX_REFRESH_AHEAD) > 0) {
            refreshAhead = MAX_REFRESH_AHEAD;
        }
        return JWKSourceBuilder.<SecurityContext>create(url(jwkSetUri), retriever(settings))
                .cache(ttl.toMillis(), refreshTimeout.toMillis())
                .refreshAheadCache(refreshAhead.toMillis(), false)
                .rateLimited(settings.minRefreshInterval().toMillis())
                .outageTolerant(settings.outageTolerance().toMillis())
                .build();
    }

    /**
     * The keys of an OIDC issuer: its {@code jwks_uri}, read from its metadata ({@code
     * /.well-known/openid-configuration}) on first use, so start-up does not need the issuer. The
     * metadata must name the issuer itself ({@code issuer} equal to the configured URI); a failed
     * discovery is tried again after {@code min-refresh-interval}.
     *
     * @param issuer the issuer URI, as the tokens' {@code iss}
     * @param settings cache, rate limit, outage tolerance and timeouts
     * @return the source
     */
    static JWKSource<SecurityContext> discoveredFrom(String issuer, FleetProperties.Jwks settings) {
        return new DiscoveredJwkSource(issuer, settings);
    }

    private static ResourceRetriever retriever(FleetProperties.Jwks settings) {
        return new DefaultResourceRetriever(
                (int) settings.connectTimeout().toMillis(),
                (int) settings.readTimeout().toMillis(),
                JWKSourceBuilder.DEFAULT_HTTP_SIZE_LIMIT);
    }

    private static URL url(URI uri) {
        try {
            return uri.toURL();
        } catch (MalformedURLException | IllegalArgumentException ex) {
            throw new IllegalArgumentException("Not a URL: " + uri, ex);
        }
    }

    /**
     * Discovery by hand: Spring Security's discovery ({@code JwtDecoders.fromIssuerLocation}) builds
     * its own key source, without a rate limit, and cannot be given this one.
     */
    private static final class DiscoveredJwkSource implements JWKSource<SecurityContext> {

        private static final Logger log = LoggerFactory.getLogger(DiscoveredJwkSource.class);

        private final String issuer;
        private final FleetProperties.Jwks settings;
        private @Nullable JWKSource<SecurityContext> keys;
        private long nextAttempt;

        DiscoveredJwkSource(String issuer, FleetProperties.Jwks settings) {
            this.issuer = issuer;
            this.settings = settings;
        }

        @Override
        public List<JWK> get(JWKSelector selector, @Nullable SecurityContext context) throws KeySourceException {
            return keys().get(selector, context);
        }

        private synchronized JWKSource<SecurityContext> keys() throws KeySourceException {
            JWKSource<SecurityContext> discovered = keys;
            if (discovered != null) {
                return discovered;
            }
            long now = System.currentTimeMillis();
            if (now < nextAttempt) {
                throw new KeySourceException("The metadata of the user-token issuer could not be read recently");
            }
            URI metadata = URI.create(issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration");
            try {
                Map<String, Object> json = JSONObjectUtils.parse(
                        retriever(settings).retrieveResource(url(metadata)).getContent());
                String named = JSONObjectUtils.getString(json, "issuer");
                if (!issuer.equals(named)) {
                    throw new KeySourceException(
                            "The metadata at " + metadata + " names issuer '" + named + "', not '" + issuer + "'");
                }
                URI jwksUri = JSONObjectUtils.getURI(json, "jwks_uri");
                if (jwksUri == null) {
                    throw new KeySourceException("The metadata at " + metadata + " names no jwks_uri");
                }
                discovered = at(jwksUri, settings);
                keys = discovered;
                log.info("User tokens of issuer {} verify with the keys at {}", issuer, jwksUri);
                return discovered;
            } catch (IOException | ParseException | KeySourceException | IllegalArgumentException ex) {
                nextAttempt = now + settings.minRefreshInterval().toMillis();
                throw ex instanceof KeySourceException keySource
                        ? keySource
                        : new KeySourceException(
                                "Cannot read the metadata at " + metadata + ": " + ex.getMessage(), ex);
            }
        }
    }
}
