package com.bakeryia.pos.configuration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Stores and reads a bakery's POS provider configurations. Credentials are encrypted before they
 * reach the database (AES-256-GCM, a random IV per value) with the tenant and configuration ids as
 * associated data, so a ciphertext copied to another row or tenant does not decrypt.
 */
@Component
public class PosConfigurations {

    private static final TypeReference<Map<String, String>> SECRETS = new TypeReference<>() {};

    private static final String INSERT_CONFIGURATION = """
            INSERT INTO pos.pos_configurations (id, tenant_id, provider, display_name, credentials_encrypted)
            VALUES (:id, :tenantId, :provider, :displayName, :credentials)
            """;

    private static final String SELECT_CREDENTIALS = """
            SELECT credentials_encrypted FROM pos.pos_configurations WHERE tenant_id = :tenantId AND id = :id
            """;

    private final JdbcClient jdbc;
    private final CredentialsCipher cipher;
    private final ObjectMapper json;

    PosConfigurations(JdbcClient jdbc, CredentialsCipher cipher, ObjectMapper json) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.json = json;
    }

    /**
     * Stores a new configuration of the tenant with its credentials encrypted.
     *
     * @return the configuration's id
     */
    public UUID save(UUID tenantId, PosProvider provider, String displayName, PosCredentials credentials) {
        UUID id = UUID.randomUUID();
        byte[] envelope = cipher.seal(serialize(credentials), associatedData(tenantId, id));
        jdbc.sql(INSERT_CONFIGURATION)
                .param("id", id)
                .param("tenantId", tenantId)
                .param("provider", provider.name())
                .param("displayName", displayName)
                .param("credentials", envelope)
                .update();
        return id;
    }

    /**
     * Decrypts the credentials of one configuration of the tenant.
     *
     * @return empty when the tenant has no such configuration
     * @throws PosCredentialsDecryptionException when the stored value does not decrypt for this row
     *     with the configured key
     */
    public Optional<PosCredentials> credentials(UUID tenantId, UUID configurationId) {
        return jdbc.sql(SELECT_CREDENTIALS)
                .param("tenantId", tenantId)
                .param("id", configurationId)
                .query(byte[].class)
                .optional()
                .map(envelope -> decrypt(tenantId, configurationId, envelope));
    }

    private PosCredentials decrypt(UUID tenantId, UUID configurationId, byte[] envelope) {
        try {
            byte[] plaintext = cipher.open(envelope, associatedData(tenantId, configurationId));
            return new PosCredentials(json.readValue(plaintext, SECRETS));
        } catch (GeneralSecurityException | IOException e) {
            throw new PosCredentialsDecryptionException(tenantId, configurationId, e);
        }
    }

    private byte[] serialize(PosCredentials credentials) {
        try {
            return json.writeValueAsBytes(credentials.secrets());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("POS credentials cannot be serialized", e);
        }
    }

    /** Binds a ciphertext to its row: the same bytes under another tenant or configuration id do not open. */
    static byte[] associatedData(UUID tenantId, UUID configurationId) {
        return ("bakery-ia:pos_configurations:" + tenantId + ":" + configurationId).getBytes(StandardCharsets.UTF_8);
    }
}
