package com.bakeryia.pos.configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CredentialsCipherTests {

    private static final byte[] PLAINTEXT = "{\"api_key\":\"sq0atp-very-secret\"}".getBytes(StandardCharsets.UTF_8);

    private final String key = TestEncryptionKeys.randomBase64Key();
    private final CredentialsCipher cipher = CredentialsCipher.fromBase64Key(key);
    private final byte[] row = PosConfigurations.associatedData(UUID.randomUUID(), UUID.randomUUID());

    @Test
    void opensWhatItSealedForTheSameRow() throws Exception {
        byte[] envelope = cipher.seal(PLAINTEXT, row);

        assertThat(cipher.open(envelope, row)).isEqualTo(PLAINTEXT);
    }

    @Test
    void sealedBytesHoldNeitherThePlaintextNorTheKey() {
        byte[] envelope = cipher.seal(PLAINTEXT, row);

        assertThat(new String(envelope, StandardCharsets.ISO_8859_1))
                .doesNotContain("sq0atp-very-secret")
                .doesNotContain("api_key");
        assertThat(envelope).hasSize(1 + 12 + PLAINTEXT.length + 16);
        assertThat(indexOf(envelope, Base64.getDecoder().decode(key))).isNegative();
    }

    @Test
    void usesAFreshIvForEveryValue() {
        byte[] first = cipher.seal(PLAINTEXT, row);
        byte[] second = cipher.seal(PLAINTEXT, row);

        assertThat(first).isNotEqualTo(second);
        assertThat(Arrays.copyOfRange(first, 1, 13)).isNotEqualTo(Arrays.copyOfRange(second, 1, 13));
    }

    @Test
    void rejectsATamperedCiphertext() {
        byte[] envelope = cipher.seal(PLAINTEXT, row);
        envelope[20] ^= 0x01;

        assertThatThrownBy(() -> cipher.open(envelope, row)).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void rejectsACiphertextOfAnotherRow() {
        byte[] envelope = cipher.seal(PLAINTEXT, row);
        byte[] otherRow = PosConfigurations.associatedData(UUID.randomUUID(), UUID.randomUUID());

        assertThatThrownBy(() -> cipher.open(envelope, otherRow)).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void rejectsACiphertextSealedWithAnotherKey() {
        byte[] envelope = cipher.seal(PLAINTEXT, row);
        CredentialsCipher otherKey = CredentialsCipher.fromBase64Key(TestEncryptionKeys.randomBase64Key());

        assertThatThrownBy(() -> otherKey.open(envelope, row)).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void rejectsTruncatedOrUnversionedBytes() {
        byte[] envelope = cipher.seal(PLAINTEXT, row);
        byte[] unversioned = envelope.clone();
        unversioned[0] = 2;

        assertThatThrownBy(() -> cipher.open(new byte[10], row)).isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> cipher.open(unversioned, row)).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void refusesAMissingKeyWithAMessageSayingWhatToSet() {
        assertThatThrownBy(() -> CredentialsCipher.fromBase64Key(null))
                .isInstanceOf(InvalidEncryptionKeyException.class)
                .hasMessageContaining("pos.credentials.encryption-key (environment POS_CREDENTIALS_KEY) is not set")
                .hasMessageContaining("openssl rand -base64 32");
        assertThatThrownBy(() -> CredentialsCipher.fromBase64Key("  "))
                .isInstanceOf(InvalidEncryptionKeyException.class)
                .hasMessageContaining("is not set");
    }

    @Test
    void refusesAKeyThatIsNotBase64OrNot256Bits() {
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);

        assertThatThrownBy(() -> CredentialsCipher.fromBase64Key("not base64!"))
                .isInstanceOf(InvalidEncryptionKeyException.class)
                .hasMessageContaining("is not valid base64")
                .hasMessageNotContaining("not base64!");
        assertThatThrownBy(() -> CredentialsCipher.fromBase64Key(shortKey))
                .isInstanceOf(InvalidEncryptionKeyException.class)
                .hasMessageContaining("decodes to 16 bytes, an AES-256 key has 32")
                .hasMessageNotContaining(shortKey);
    }

    @Test
    void neverShowsTheKeyOrSecretsInToString() {
        PosCredentialsProperties properties = new PosCredentialsProperties(key);
        PosCredentials credentials = new PosCredentials(Map.of("api_key", "sq0atp-very-secret"));

        assertThat(cipher.toString()).doesNotContain(key);
        assertThat(properties.toString()).doesNotContain(key).contains("redacted");
        assertThat(credentials.toString()).doesNotContain("sq0atp-very-secret").contains("api_key");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
