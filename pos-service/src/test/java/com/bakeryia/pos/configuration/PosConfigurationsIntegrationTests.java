package com.bakeryia.pos.configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bakeryia.deletion.TenantDataDeletionService;
import com.bakeryia.deletion.api.DeletionResult;
import com.bakeryia.testkit.data.SchemaInspector;
import com.bakeryia.testkit.data.TenantDataGenerator;
import com.bakeryia.testkit.postgres.FreshDatabaseContextInitializer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ContextConfiguration(initializers = FreshDatabaseContextInitializer.class)
class PosConfigurationsIntegrationTests {

    private static final String SECRET = "sq0atp-3f9c2a7e-live-access-token";

    private static final String SELECT_SEALED = """
            SELECT credentials_encrypted FROM pos.pos_configurations WHERE id = ?
            """;
    private static final String MOVE_CIPHERTEXT = """
            UPDATE pos.pos_configurations
            SET credentials_encrypted = (SELECT credentials_encrypted FROM pos.pos_configurations WHERE id = ?)
            WHERE id = ?
            """;
    private static final String FLIP_LAST_BYTE = """
            UPDATE pos.pos_configurations
            SET credentials_encrypted = set_byte(credentials_encrypted, length(credentials_encrypted) - 1,
                                                 get_byte(credentials_encrypted, length(credentials_encrypted) - 1) # 1)
            WHERE id = ?
            """;
    private static final String COUNT_CONFIGURATIONS = """
            SELECT count(*) FROM pos.pos_configurations WHERE tenant_id = ?
            """;

    @DynamicPropertySource
    static void encryptionKey(DynamicPropertyRegistry registry) {
        registry.add("pos.credentials.encryption-key", TestEncryptionKeys::randomBase64Key);
    }

    @Autowired
    private PosConfigurations configurations;

    @Autowired
    private TenantDataDeletionService deletionService;

    @Autowired
    private DataSource dataSource;

    @Autowired
    private JdbcClient jdbc;

    private final PosCredentials credentials =
            new PosCredentials(Map.of("access_token", SECRET, "webhook_signature_key", "whsec-a1b2c3"));

    @Test
    void readsBackTheCredentialsItStored() {
        UUID tenant = UUID.randomUUID();

        UUID id = configurations.save(tenant, PosProvider.SQUARE, "Obrador Centro", credentials);

        assertThat(configurations.credentials(tenant, id)).contains(credentials);
    }

    @Test
    void findsNoConfigurationOfAnotherTenant() {
        UUID tenant = UUID.randomUUID();
        UUID id = configurations.save(tenant, PosProvider.SUMUP, "Tienda", credentials);

        assertThat(configurations.credentials(UUID.randomUUID(), id)).isEmpty();
    }

    @Test
    void storesNeitherTheSecretsNorTheirNamesInPlainText() {
        UUID id = configurations.save(UUID.randomUUID(), PosProvider.TOAST, "Obrador", credentials);

        byte[] stored = jdbc.sql(SELECT_SEALED).param(id).query(byte[].class).single();

        assertThat(new String(stored, StandardCharsets.ISO_8859_1))
                .doesNotContain(SECRET)
                .doesNotContain("whsec-a1b2c3")
                .doesNotContain("access_token");
    }

    @Test
    void refusesCredentialsMovedFromAnotherConfiguration() {
        UUID tenant = UUID.randomUUID();
        UUID source = configurations.save(tenant, PosProvider.SQUARE, "Centro", credentials);
        UUID target = configurations.save(
                tenant, PosProvider.SQUARE, "Norte", new PosCredentials(Map.of("access_token", "other")));

        jdbc.sql(MOVE_CIPHERTEXT).params(source, target).update();

        assertThatThrownBy(() -> configurations.credentials(tenant, target))
                .isInstanceOf(PosCredentialsDecryptionException.class)
                .hasMessageContaining(target.toString())
                .hasMessageNotContaining(SECRET);
        assertThat(configurations.credentials(tenant, source)).contains(credentials);
    }

    @Test
    void refusesTamperedCredentials() {
        UUID tenant = UUID.randomUUID();
        UUID id = configurations.save(tenant, PosProvider.ZETTLE, "Centro", credentials);

        jdbc.sql(FLIP_LAST_BYTE).param(id).update();

        assertThatThrownBy(() -> configurations.credentials(tenant, id))
                .isInstanceOf(PosCredentialsDecryptionException.class);
    }

    @Test
    void deletingATenantErasesItsConfigurationsWithEverythingElseAndKeepsOtherTenants() {
        UUID tenant = UUID.randomUUID();
        UUID neighbour = UUID.randomUUID();
        new TenantDataGenerator(dataSource, "pos", 7).generatePerTable(tenant, 10);
        configurations.save(tenant, PosProvider.SQUARE, "Centro", credentials);
        UUID neighbourConfiguration = configurations.save(neighbour, PosProvider.SQUARE, "Vecino", credentials);
        var inspector = new SchemaInspector(dataSource, "pos");
        Map<String, String> neighbourBefore = inspector.checksums(neighbour);

        DeletionResult result = deletionService.delete(tenant);

        assertThat(result.success()).as(result.errors().toString()).isTrue();
        assertThat(result.verified()).isTrue();
        assertThat(result.deletedCounts()).containsEntry("pos_configurations", 11L);
        assertThat(jdbc.sql(COUNT_CONFIGURATIONS)
                        .param(tenant)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(inspector.totalRows(tenant)).isZero();
        assertThat(inspector.checksums(neighbour)).isEqualTo(neighbourBefore);
        assertThat(configurations.credentials(neighbour, neighbourConfiguration))
                .contains(credentials);
    }
}
