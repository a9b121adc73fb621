package com.bakeryia.fleet.security;

import com.bakeryia.fleet.FleetProperties;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * A {@link NimbusJwtDecoder} over a Nimbus processor the fleet builds itself: its key source (a
 * {@link JwkSources} source, rate limited), the JOSE {@code typ} rule of {@link TokenTypes} and the
 * claim conversion of {@link TokenClaimSets}. Its failures say what was wrong without the URL of
 * any key source (that goes to the log): a refused type, keys that could not be fetched, a key id
 * not among the issuer's keys.
 */
final class FleetJwtDecoder implements JwtDecoder {

    private static final Logger log = LoggerFactory.getLogger(FleetJwtDecoder.class);

    private final NimbusJwtDecoder decoder;
    private final String keysOf;
    private final String source;
    private final FleetProperties.Jwks settings;

    private FleetJwtDecoder(
            JWSKeySelector<SecurityContext> keys,
            JOSEObjectTypeVerifier<SecurityContext> types,
            OAuth2TokenValidator<Jwt> validator,
            String keysOf,
            String source,
            FleetProperties.Jwks settings) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(keys);
        processor.setJWSTypeVerifier(types);
        // The claims are checked by the validator, which says what is wrong.
        processor.setJWTClaimsSetVerifier((claims, context) -> {});
        this.decoder = new NimbusJwtDecoder(processor);
        this.decoder.setJwtValidator(validator);
        this.decoder.setClaimSetConverter(TokenClaimSets.INSTANCE);
        this.keysOf = keysOf;
        this.source = source;
        this.settings = settings;
    }

    /**
     * A decoder of tokens signed by keys of a JWK source.
     *
     * @param keys the source, usually of {@link JwkSources}
     * @param algorithms the accepted algorithms
     * @param types the {@code typ} rule
     * @param validator the claim checks
     * @param keysOf whose keys, for the reasons of failures, e.g. {@code issuer 'orchestrator-service'}
     * @param source where the keys come from, for the log only
     * @param settings the key-fetch settings, for the reason of a rate-limited fetch
     * @return the decoder
     */
    static FleetJwtDecoder of(
            JWKSource<SecurityContext> keys,
            Set<JWSAlgorithm> algorithms,
            TokenTypes types,
            OAuth2TokenValidator<Jwt> validator,
            String keysOf,
            String source,
            FleetProperties.Jwks settings) {
        return new FleetJwtDecoder(
                new JWSVerificationKeySelector<>(algorithms, keys), types, validator, keysOf, source, settings);
    }

    /**
     * A decoder of tokens signed by one key, whatever their {@code kid}.
     *
     * @param keys the key selector, e.g. Nimbus' {@code SingleKeyJWSKeySelector}
     * @param types the {@code typ} rule
     * @param validator the claim checks
     * @param keysOf whose key, for the reasons of failures
     * @param source where the key comes from, for the log only
     * @return the decoder
     */
    static FleetJwtDecoder of(
            JWSKeySelector<SecurityContext> keys,
            TokenTypes types,
            OAuth2TokenValidator<Jwt> validator,
            String keysOf,
            String source) {
        return new FleetJwtDecoder(keys, types, validator, keysOf, source, FleetProperties.Jwks.DEFAULTS);
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        try {
            return decoder.decode(token);
        } catch (BadJwtException ex) {
            if (ex.getCause() instanceof TokenTypes.RejectedType rejected) {
                throw new Described(rejected.getMessage(), ex);
            }
            if (ex.getCause() instanceof BadJOSEException unverified) {
                // Nimbus' own words stay in the log; the answer says which of the two it was.
                log.debug("A token does not verify with the keys of {}: {}", keysOf, unverified.getMessage());
                String why = String.valueOf(unverified.getMessage()).contains("no matching key")
                        ? "its key (kid) is not among them"
                        : "its signature matches none of them";
                throw new Described("The bearer token does not verify with the keys of " + keysOf + ": " + why, ex);
            }
            throw ex;
        } catch (JwtException ex) {
            if (ex.getCause() instanceof RateLimitReachedException) {
                throw new Described(
                        "The bearer token's key (kid) is not among the keys of " + keysOf + " (they are fetched"
                                + " again at most once per " + settings.minRefreshInterval() + ")",
                        ex);
            }
            if (ex.getCause() instanceof KeySourceException) {
                log.warn(
                        "Cannot verify a token: the keys of {} could not be fetched from {}: {}",
                        keysOf,
                        source,
                        ex.getCause().getMessage());
                throw new Described("The signing keys of " + keysOf + " could not be fetched", ex);
            }
            throw ex;
        }
    }

    /** A failure whose message is the whole reason, fit for the 401's description. */
    static final class Described extends BadJwtException {

        private static final long serialVersionUID = 1L;

        Described(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
