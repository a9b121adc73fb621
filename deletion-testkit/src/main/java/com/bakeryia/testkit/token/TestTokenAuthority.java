package com.bakeryia.testkit.token;

import com.bakeryia.fleet.token.ServiceTokenClaims;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A stand-in for a calling service in tests: it publishes a JWK set over real HTTP on 127.0.0.1 and
 * mints service tokens, valid ones and every kind of invalid one, so a service under test validates
 * them exactly as it would the orchestrator's.
 *
 * <pre>{@code
 * TestTokenAuthority orchestrator = TestTokenAuthority.start("orchestrator-service");
 * // configure: orchestrator.trustProperties()
 * String token = orchestrator.token().audience("orders-service").scope("tenant-data.delete").tenant(id).sign();
 * }</pre>
 */
public final class TestTokenAuthority implements AutoCloseable {

    private static final String JWKS_PATH = "/.well-known/jwks.json";
    private static final String KEY_ID = "test-signing-key";

    private final String issuer;
    private final ECKey signingKey;
    private final ECKey foreignKey;
    private final RSAKey rsaKey;
    private final HttpServer server;

    private TestTokenAuthority(String issuer) {
        this.issuer = issuer;
        try {
            this.signingKey = new ECKeyGenerator(Curve.P_256).keyID(KEY_ID).generate();
            this.foreignKey = new ECKeyGenerator(Curve.P_256).keyID(KEY_ID).generate();
            this.rsaKey = new RSAKeyGenerator(2048).keyID("test-rsa-key").generate();
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot generate test keys", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the test JWKS server", e);
        }
        byte[] jwks = new JWKSet(List.of(signingKey.toPublicJWK(), rsaKey.toPublicJWK()))
                .toString(true)
                .getBytes(StandardCharsets.UTF_8);
        server.createContext(JWKS_PATH, exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(jwks);
            }
        });
        server.start();
    }

    /** Starts an authority for the given issuer (a service name) with a fresh key. */
    public static TestTokenAuthority start(String issuer) {
        return new TestTokenAuthority(issuer);
    }

    /** The issuer, as configured among a service's trusted issuers. */
    public String issuer() {
        return issuer;
    }

    /** Where the public keys are published. */
    public URI jwksUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + JWKS_PATH);
    }

    /** The property that makes a service trust this authority. */
    public Map<String, String> trustProperties() {
        return Map.of("deletion.security.trusted-issuers." + issuer, jwksUri().toString());
    }

    /** A token valid for two minutes, signed with this authority's key; adjust and {@link Builder#sign()}. */
    public Builder token() {
        return new Builder();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** How a token is signed. */
    public enum Signature {
        /** ES256 with the published key: the only valid way. */
        VALID,
        /** ES256 with another key under the published key id: a forged signature. */
        FOREIGN_KEY,
        /** HS256 with a random secret. */
        HS256,
        /** RS256 with an RSA key that is published too. */
        RS256,
        /** No signature at all ({@code alg: none}). */
        NONE
    }

    /** One token to mint. */
    public final class Builder {

        private String tokenIssuer = issuer;
        private @Nullable String subject;
        private final Map<String, Object> extraClaims = new LinkedHashMap<>();
        private @Nullable String audience;
        private @Nullable String scope;
        private @Nullable String tenant;
        private @Nullable String jobId = UUID.randomUUID().toString();
        private @Nullable Instant issuedAt = Instant.now();
        private @Nullable Instant expiresAt = Instant.now().plus(Duration.ofMinutes(2));
        private Signature signature = Signature.VALID;
        private @Nullable String type = "JWT";

        private Builder() {}

        /** The JOSE header {@code typ} (by default {@code JWT}, as service tokens have it); null leaves it out. */
        public Builder type(@Nullable String type) {
            this.type = type;
            return this;
        }

        /** The {@code aud} claim: the service the token is for; null leaves it out. */
        public Builder audience(@Nullable String audience) {
            this.audience = audience;
            return this;
        }

        /** The {@code scope} claim. */
        public Builder scope(String scope) {
            this.scope = scope;
            return this;
        }

        /** The {@code tenant_id} claim. */
        public Builder tenant(UUID tenant) {
            this.tenant = tenant.toString();
            return this;
        }

        /** The {@code job_id} claim. */
        public Builder jobId(@Nullable String jobId) {
            this.jobId = jobId;
            return this;
        }

        /** The {@code iss} and {@code sub} claims, for a token of an untrusted issuer. */
        public Builder issuer(String issuer) {
            this.tokenIssuer = issuer;
            return this;
        }

        /** The {@code sub} claim (by default the issuer, as in a service token); a user id for a user token. */
        public Builder subject(String subject) {
            this.subject = subject;
            return this;
        }

        /** Any further claim, for example {@code roles} of a user token; a null value removes it. */
        public Builder claim(String name, @Nullable Object value) {
            if (value == null) {
                extraClaims.remove(name);
            } else {
                extraClaims.put(name, value);
            }
            return this;
        }

        /** The {@code iat} claim; null leaves it out. */
        public Builder issuedAt(@Nullable Instant issuedAt) {
            this.issuedAt = issuedAt;
            return this;
        }

        /** The {@code exp} claim; null leaves it out. */
        public Builder expiresAt(@Nullable Instant expiresAt) {
            this.expiresAt = expiresAt;
            return this;
        }

        /** How the token is signed. */
        public Builder signature(Signature signature) {
            this.signature = signature;
            return this;
        }

        /** The compact serialisation. */
        public String sign() {
            JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                    .issuer(tokenIssuer)
                    .subject(subject != null ? subject : tokenIssuer)
                    .jwtID(UUID.randomUUID().toString());
            extraClaims.forEach(claims::claim);
            if (audience != null) {
                claims.audience(audience);
            }
            if (scope != null) {
                claims.claim(ServiceTokenClaims.SCOPE, scope);
            }
            if (tenant != null) {
                claims.claim(ServiceTokenClaims.TENANT_ID, tenant);
            }
            if (jobId != null) {
                claims.claim(ServiceTokenClaims.JOB_ID, jobId);
            }
            if (issuedAt != null) {
                claims.issueTime(Date.from(issuedAt));
            }
            if (expiresAt != null) {
                claims.expirationTime(Date.from(expiresAt));
            }
            return serialize(claims.build());
        }

        private String serialize(JWTClaimsSet claims) {
            try {
                switch (signature) {
                    case NONE:
                        return new PlainJWT(claims).serialize();
                    case HS256:
                        byte[] secret = new byte[32];
                        new SecureRandom().nextBytes(secret);
                        return signed(JWSAlgorithm.HS256, KEY_ID, claims, new MACSigner(secret));
                    case RS256:
                        return signed(JWSAlgorithm.RS256, rsaKey.getKeyID(), claims, new RSASSASigner(rsaKey));
                    case FOREIGN_KEY:
                        return signed(JWSAlgorithm.ES256, KEY_ID, claims, new ECDSASigner(foreignKey));
                    default:
                        return signed(JWSAlgorithm.ES256, KEY_ID, claims, new ECDSASigner(signingKey));
                }
            } catch (JOSEException e) {
                throw new IllegalStateException("Cannot sign test token", e);
            }
        }

        private String signed(
                JWSAlgorithm algorithm, String keyId, JWTClaimsSet claims, com.nimbusds.jose.JWSSigner signer)
                throws JOSEException {
            var jwt = new SignedJWT(
                    new JWSHeader.Builder(algorithm)
                            .keyID(keyId)
                            .type(type != null ? new JOSEObjectType(type) : null)
                            .build(),
                    claims);
            jwt.sign(signer);
            return jwt.serialize();
        }
    }
}
