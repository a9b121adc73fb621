package com.bakeryia.pos.configuration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How POS provider credentials are encrypted at rest.
 *
 * @param encryptionKey the AES-256 key, base64 of 32 random bytes (environment {@code
 *     POS_CREDENTIALS_KEY}; for example {@code openssl rand -base64 32}); required, never logged
 */
@ConfigurationProperties("pos.credentials")
public record PosCredentialsProperties(@Nullable String encryptionKey) {

    @Override
    public String toString() {
        return "PosCredentialsProperties[encryptionKey=" + (encryptionKey == null ? "unset" : "(redacted)") + "]";
    }
}
