package com.bakeryia.pos.configuration;

import java.security.SecureRandom;
import java.util.Base64;

/** Fresh credentials keys for tests, so no test depends on a key committed anywhere. */
public final class TestEncryptionKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestEncryptionKeys() {}

    /** A new random AES-256 key in base64, as {@code pos.credentials.encryption-key} takes it. */
    public static String randomBase64Key() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
