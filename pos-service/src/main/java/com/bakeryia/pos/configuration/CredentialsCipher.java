package com.bakeryia.pos.configuration;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * AES-256-GCM with a random 12-byte IV per value. A sealed value (an envelope) is {@code version (1 byte) || IV
 * (12 bytes) || ciphertext || tag (16 bytes)}; the associated data binds it to the row it belongs to,
 * so it does not open anywhere else. The key never leaves this object and is not in {@link
 * #toString()}.
 */
final class CredentialsCipher {

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final byte VERSION = 1;
    private static final int KEY_BYTES = 32;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int MIN_SEALED_BYTES = 1 + IV_BYTES + TAG_BITS / 8;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    private CredentialsCipher(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /**
     * Reads the key from its base64 form.
     *
     * @throws InvalidEncryptionKeyException when it is missing, not base64 or not 32 bytes
     */
    static CredentialsCipher fromBase64Key(@Nullable String base64Key) {
        if (base64Key == null || base64Key.isBlank()) {
            throw new InvalidEncryptionKeyException("is not set");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64Key.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidEncryptionKeyException("is not valid base64");
        }
        if (key.length != KEY_BYTES) {
            throw new InvalidEncryptionKeyException(
                    "decodes to " + key.length + " bytes, an AES-256 key has " + KEY_BYTES);
        }
        return new CredentialsCipher(key);
    }

    byte[] seal(byte[] plaintext, byte[] associatedData) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associatedData);
            byte[] ciphertext = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(1 + IV_BYTES + ciphertext.length)
                    .put(VERSION)
                    .put(iv)
                    .put(ciphertext)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption is not available: " + e.getMessage(), e);
        }
    }

    /**
     * Opens an envelope sealed with the same key and associated data.
     *
     * @throws GeneralSecurityException when the key, the associated data or the bytes differ
     */
    byte[] open(byte[] envelope, byte[] associatedData) throws GeneralSecurityException {
        if (envelope.length < MIN_SEALED_BYTES || envelope[0] != VERSION) {
            throw new GeneralSecurityException("not an envelope of version " + VERSION);
        }
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, envelope, 1, IV_BYTES));
        cipher.updateAAD(associatedData);
        return cipher.doFinal(envelope, 1 + IV_BYTES, envelope.length - 1 - IV_BYTES);
    }

    @Override
    public String toString() {
        return "CredentialsCipher[AES-256-GCM, key redacted]";
    }
}
