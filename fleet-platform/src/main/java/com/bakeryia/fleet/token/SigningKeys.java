package com.bakeryia.fleet.token;

import com.bakeryia.fleet.FleetProperties.SigningKey;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.pem.PemContent;
import org.springframework.core.io.Resource;
import org.springframework.util.StringUtils;

/**
 * A set of EC P-256 signing keys: the first signs, all are published (the signer first), so a new
 * key can be published before it signs and an old one kept until what it signed expired. The
 * service-token keys ({@value #PROPERTY}) are one such set; the orchestrator's receipt keys another.
 */
public final class SigningKeys {

    static final String PROPERTY = "deletion.tokens.signing-keys";

    private static final Pattern PUBLIC_KEY_PEM =
            Pattern.compile("-----BEGIN PUBLIC KEY-----(.+?)-----END PUBLIC KEY-----", Pattern.DOTALL);

    private final ECKey signingKey;
    private final JWKSet publicKeys;

    private SigningKeys(ECKey signingKey, List<ECKey> publishedKeys) {
        this.signingKey = signingKey;
        this.publicKeys =
                new JWKSet(publishedKeys.stream().<JWK>map(ECKey::toPublicJWK).toList());
    }

    static SigningKeys load(List<SigningKey> configured) {
        return load(configured, PROPERTY);
    }

    /**
     * Reads the configured key pairs.
     *
     * @param configured the keys, the signing one first
     * @param property the property they are bound from, for the messages of invalid keys
     * @return the keys
     * @throws InvalidConfigurationPropertyValueException naming the property of a key that cannot be used
     */
    public static SigningKeys load(List<SigningKey> configured, String property) {
        if (configured.isEmpty()) {
            throw new IllegalArgumentException("No signing key configured");
        }
        List<ECKey> keys = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < configured.size(); i++) {
            SigningKey key = configured.get(i);
            String keyProperty = property + "[" + i + "]";
            if (!StringUtils.hasText(key.id())) {
                throw new InvalidConfigurationPropertyValueException(
                        keyProperty + ".id", key.id(), "Every signing key needs an id (the kid of its tokens)");
            }
            if (!ids.add(key.id())) {
                throw new InvalidConfigurationPropertyValueException(
                        keyProperty + ".id", key.id(), "Key ids must be unique, another signing key has this id");
            }
            if (i == 0 && key.privateKey() == null) {
                throw new InvalidConfigurationPropertyValueException(
                        keyProperty + ".private-key",
                        null,
                        "The first signing key signs the tokens and needs its private key");
            }
            keys.add(read(key, keyProperty));
        }
        return new SigningKeys(keys.get(0), keys);
    }

    static SigningKeys ephemeral() {
        return ephemeral("ephemeral-");
    }

    /**
     * A key generated now, for dev only: what it signs stops verifying when this process stops.
     *
     * @param keyIdPrefix the start of its key id, followed by a random UUID
     * @return the key
     */
    public static SigningKeys ephemeral(String keyIdPrefix) {
        try {
            ECKey key = new ECKeyGenerator(Curve.P_256)
                    .keyID(keyIdPrefix + UUID.randomUUID())
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES256)
                    .generate();
            return new SigningKeys(key, List.of(key));
        } catch (JOSEException ex) {
            throw new IllegalStateException("Cannot generate an EC P-256 key", ex);
        }
    }

    /**
     * The key that signs (with its private half).
     *
     * @return the key
     */
    public ECKey signingKey() {
        return signingKey;
    }

    /**
     * The public halves of all keys, to publish.
     *
     * @return the JWK set
     */
    public JWKSet publicKeys() {
        return publicKeys;
    }

    private static ECKey read(SigningKey key, String property) {
        String publicProperty = property + ".public-key";
        ECPublicKey publicKey = readPublicKey(key.publicKey(), publicProperty);
        ECKey.Builder builder = new ECKey.Builder(Curve.P_256, publicKey)
                .keyID(key.id())
                .keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.ES256);
        Resource privateKeyFile = key.privateKey();
        if (privateKeyFile != null) {
            String privateProperty = property + ".private-key";
            ECPrivateKey privateKey = readPrivateKey(privateKeyFile, privateProperty);
            if (!isPair(privateKey, publicKey)) {
                throw new InvalidConfigurationPropertyValueException(
                        privateProperty,
                        privateKeyFile.getDescription(),
                        "The private key does not match the public key "
                                + key.publicKey().getDescription() + " (" + publicProperty + ")");
            }
            builder.privateKey(privateKey);
        }
        return builder.build();
    }

    private static ECPublicKey readPublicKey(@Nullable Resource file, String property) {
        if (file == null) {
            throw new InvalidConfigurationPropertyValueException(
                    property, null, "Every signing key needs its public key (X.509 SubjectPublicKeyInfo PEM file)");
        }
        Matcher pem = PUBLIC_KEY_PEM.matcher(readText(file, property));
        if (!pem.find()) {
            throw new InvalidConfigurationPropertyValueException(
                    property,
                    file.getDescription(),
                    "Expected a PEM file holding a '-----BEGIN PUBLIC KEY-----' block (X.509 SubjectPublicKeyInfo)");
        }
        PublicKey publicKey;
        try {
            byte[] der = Base64.getMimeDecoder().decode(pem.group(1).trim());
            publicKey = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException ex) {
            throw new InvalidConfigurationPropertyValueException(
                    property, file.getDescription(), "Not an EC public key: " + ex.getMessage());
        }
        requireP256(((ECPublicKey) publicKey).getParams(), property, file);
        return (ECPublicKey) publicKey;
    }

    private static ECPrivateKey readPrivateKey(Resource file, String property) {
        PrivateKey privateKey;
        try {
            privateKey = PemContent.of(readText(file, property)).getPrivateKey();
        } catch (IllegalStateException ex) {
            throw new InvalidConfigurationPropertyValueException(
                    property, file.getDescription(), "Cannot read the private key: " + ex.getMessage());
        }
        if (privateKey == null) {
            throw new InvalidConfigurationPropertyValueException(
                    property,
                    file.getDescription(),
                    "Expected a PEM file holding a '-----BEGIN PRIVATE KEY-----' (PKCS#8) or"
                            + " '-----BEGIN EC PRIVATE KEY-----' (SEC1) block");
        }
        if (!(privateKey instanceof ECPrivateKey ecPrivateKey)) {
            throw new InvalidConfigurationPropertyValueException(
                    property,
                    file.getDescription(),
                    "Expected an EC P-256 private key but found a " + privateKey.getAlgorithm() + " key");
        }
        requireP256(ecPrivateKey.getParams(), property, file);
        return ecPrivateKey;
    }

    private static void requireP256(ECParameterSpec params, String property, Resource file) {
        Curve curve = Curve.forECParameterSpec(params);
        if (!Curve.P_256.equals(curve)) {
            throw new InvalidConfigurationPropertyValueException(
                    property,
                    file.getDescription(),
                    "Expected an EC key on curve P-256 (secp256r1) for ES256 but found "
                            + (curve != null ? curve.getName() : "an unknown curve"));
        }
    }

    private static boolean isPair(ECPrivateKey privateKey, ECPublicKey publicKey) {
        try {
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException ex) {
            return false;
        }
    }

    private static String readText(Resource file, String property) {
        try {
            return file.getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new InvalidConfigurationPropertyValueException(
                    property, file.getDescription(), "Cannot read the file: " + ex.getMessage());
        }
    }
}
