package com.bakeryia.pos.configuration;

import java.util.UUID;

/**
 * Stored credentials could not be decrypted: the key differs from the one that encrypted them, or
 * the ciphertext was altered or copied from another configuration.
 */
public class PosCredentialsDecryptionException extends RuntimeException {

    PosCredentialsDecryptionException(UUID tenantId, UUID configurationId, Throwable cause) {
        super(
                "Credentials of POS configuration " + configurationId + " of tenant " + tenantId
                        + " cannot be decrypted: wrong key, or the ciphertext was altered or belongs to another row",
                cause);
    }
}
