package com.bakeryia.tools;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Signs tokens the local fleet accepts, the way {@code scripts/dev-token} does, and the service
 * tokens the negative tests need. DEV ONLY: the keys are the committed dev user-token key of
 * config/local and the orchestrator's dev key that {@code scripts/fleet} made in its home.
 */
public final class Tokens {

    /** The issuer of the dev user tokens (config/local, the local profile trusts it). */
    public static final String DEV_USER_ISSUER = "bakery-dev-users";

    /** The audience of the dev user tokens: what the local profile requires (USER_TOKEN_AUDIENCES). */
    public static final String DEV_USER_AUDIENCE = "bakery-ia";

    private static final String DEV_USER_KID = "dev-user-token";
    private static final String AUTH_TIME = "auth_time";

    private final PrivateKey userKey;
    private final FleetSettings settings;

    public Tokens(FleetSettings settings) {
        this.settings = settings;
        this.userKey = readPkcs8(settings.repoRoot().resolve("config/local/dev-user-token-private.pem"), "RSA");
    }

    /** A user token for {@code user} with the given roles, valid for an hour. */
    public String user(UUID user, String... roles) {
        Instant now = Instant.now();
        return user(user, now, now.plus(Duration.ofHours(1)), roles);
    }

    /** An ops user (role deletion-ops), valid for an hour. */
    public String ops() {
        return user(UUID.randomUUID(), "deletion-ops");
    }

    /** A user token with the given times (an expired one for negative tests), signed in at {@code issuedAt}. */
    public String user(UUID user, Instant issuedAt, Instant expiresAt, String... roles) {
        return user(user, issuedAt, expiresAt, issuedAt, roles);
    }

    /**
     * A user token, valid for an hour, of a user who signed in at {@code authTime}: an old sign-in
     * for the step-up test (tenant-service's DELETE of a tenant needs one within {@code
     * tenant.security.max-auth-age}); null leaves {@code auth_time} out.
     */
    public String userSignedInAt(UUID user, @Nullable Instant authTime, String... roles) {
        Instant now = Instant.now();
        return user(user, now, now.plus(Duration.ofHours(1)), authTime, roles);
    }

    private String user(UUID user, Instant issuedAt, Instant expiresAt, @Nullable Instant authTime, String... roles) {
        var claims = new JWTClaimsSet.Builder()
                .issuer(DEV_USER_ISSUER)
                .subject(user.toString())
                .audience(DEV_USER_AUDIENCE)
                .claim("roles", List.of(roles))
                .claim(AUTH_TIME, authTime == null ? null : authTime.getEpochSecond())
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(expiresAt))
                .jwtID(UUID.randomUUID().toString())
                .build();
        return sign(new RSASSASigner(userKey), JWSAlgorithm.RS256, DEV_USER_KID, claims);
    }

    /**
     * A service token as the orchestrator signs it for its calls to a domain service, with the
     * orchestrator's dev key from the fleet's home.
     */
    public String orchestratorServiceToken(String audience, UUID tenant, String scope, Duration lifetime) {
        Path keys = settings.fleetHome().resolve("keys");
        String kid;
        try {
            kid = Files.readString(keys.resolve("orchestrator-service.kid")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("No orchestrator dev key in " + keys + " (start the fleet first)", e);
        }
        var key = (ECPrivateKey) readPkcs8(keys.resolve("orchestrator-service.key.pem"), "EC");
        Instant now = Instant.now();
        var claims = new JWTClaimsSet.Builder()
                .issuer("orchestrator-service")
                .subject("orchestrator-service")
                .audience(audience)
                .claim("scope", scope)
                .claim("tenant_id", tenant.toString())
                .claim("job_id", UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        try {
            return sign(new ECDSASigner(key), JWSAlgorithm.ES256, kid, claims);
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign with the orchestrator's dev key", e);
        }
    }

    private static String sign(JWSSigner signer, JWSAlgorithm algorithm, String kid, JWTClaimsSet claims) {
        var jwt = new SignedJWT(
                new JWSHeader.Builder(algorithm)
                        .keyID(kid)
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign a token", e);
        }
        return jwt.serialize();
    }

    private static PrivateKey readPkcs8(Path file, String algorithm) {
        try {
            String pem = Files.readString(file);
            String base64 =
                    pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance(algorithm)
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the key " + file, e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException(file + " is not a PKCS#8 " + algorithm + " private key in PEM", e);
        }
    }
}
