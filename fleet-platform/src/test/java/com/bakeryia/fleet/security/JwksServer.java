package com.bakeryia.fleet.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A JWKS (and OIDC metadata) over real HTTP on 127.0.0.1 that counts how often its JWKS is fetched,
 * with the EC key it publishes and tokens signed by it or by unpublished keys.
 */
final class JwksServer implements AutoCloseable {

    static final String JWKS_PATH = "/keys/jwks.json";

    private final HttpServer server;
    private final ECKey key;
    private final AtomicInteger fetches = new AtomicInteger();
    private volatile String metadataIssuer;

    JwksServer() {
        try {
            key = new ECKeyGenerator(Curve.P_256)
                    .keyID("published-" + UUID.randomUUID())
                    .generate();
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        metadataIssuer = issuerUri();
        server.createContext(JWKS_PATH, exchange -> {
            fetches.incrementAndGet();
            send(exchange, new JWKSet(key.toPublicJWK()).toString(true));
        });
        server.createContext(
                "/realm/.well-known/openid-configuration",
                exchange ->
                        send(exchange, "{\"issuer\":\"" + metadataIssuer + "\",\"jwks_uri\":\"" + jwksUri() + "\"}"));
        server.start();
    }

    URI jwksUri() {
        return URI.create(base() + JWKS_PATH);
    }

    /** The issuer whose OIDC metadata this server serves. */
    String issuerUri() {
        return base() + "/realm";
    }

    /** Makes the metadata name another issuer than the one it is served for. */
    void claimIssuer(String issuer) {
        metadataIssuer = issuer;
    }

    int fetches() {
        return fetches.get();
    }

    /** A token signed with the published key. */
    String token(UnaryOperator<JWTClaimsSet.Builder> claims) {
        return sign(key, JOSEObjectType.JWT, claims);
    }

    /** A token signed with a key this server does not publish (an unknown kid). */
    String tokenOfAnUnknownKey(UnaryOperator<JWTClaimsSet.Builder> claims) {
        try {
            return sign(
                    new ECKeyGenerator(Curve.P_256)
                            .keyID("unknown-" + UUID.randomUUID())
                            .generate(),
                    JOSEObjectType.JWT,
                    claims);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token of the published key with another {@code typ} header (null for none). */
    String tokenOfType(JOSEObjectType type, UnaryOperator<JWTClaimsSet.Builder> claims) {
        return sign(key, type, claims);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static String sign(ECKey signer, JOSEObjectType type, UnaryOperator<JWTClaimsSet.Builder> claims) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(120)))
                .jwtID(UUID.randomUUID().toString());
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .keyID(signer.getKeyID())
                        .type(type)
                        .build(),
                claims.apply(builder).build());
        try {
            jwt.sign(new ECDSASigner(signer));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static void send(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
