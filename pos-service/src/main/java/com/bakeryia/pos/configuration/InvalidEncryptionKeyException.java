package com.bakeryia.pos.configuration;

/** The configured credentials encryption key is missing or is not a base64 AES-256 key. */
public class InvalidEncryptionKeyException extends IllegalStateException {

    InvalidEncryptionKeyException(String problem) {
        super("pos.credentials.encryption-key (environment POS_CREDENTIALS_KEY) " + problem
                + ": set it to the base64 of 32 random bytes, for example the output of 'openssl rand -base64 32'");
    }
}
