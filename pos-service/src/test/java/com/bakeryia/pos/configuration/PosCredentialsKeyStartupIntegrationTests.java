package com.bakeryia.pos.configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bakeryia.pos.PosApplication;
import com.bakeryia.testkit.postgres.TestDatabase;
import com.bakeryia.testkit.postgres.TestPostgres;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

@ExtendWith(OutputCaptureExtension.class)
class PosCredentialsKeyStartupIntegrationTests {

    @Test
    void refusesToStartWithoutAKeySayingWhatToSet(CapturedOutput output) {
        try (TestDatabase database = TestPostgres.server().createDatabase()) {
            assertThatThrownBy(() -> start(database, "--pos.credentials.encryption-key="))
                    .hasRootCauseInstanceOf(InvalidEncryptionKeyException.class);
            assertThat(output)
                    .contains("APPLICATION FAILED TO START")
                    .contains("pos.credentials.encryption-key (environment POS_CREDENTIALS_KEY) is not set")
                    .contains("Provide the key in the environment variable POS_CREDENTIALS_KEY");
        }
    }

    @Test
    void refusesToStartWithAKeyThatIsNot256BitsWithoutPrintingIt(CapturedOutput output) {
        String shortKey =
                Base64.getEncoder().encodeToString(UUID.randomUUID().toString().getBytes());
        try (TestDatabase database = TestPostgres.server().createDatabase()) {
            assertThatThrownBy(() -> start(database, "--pos.credentials.encryption-key=" + shortKey))
                    .hasRootCauseInstanceOf(InvalidEncryptionKeyException.class);
            assertThat(output)
                    .contains("decodes to 36 bytes, an AES-256 key has 32")
                    .doesNotContain(shortKey);
        }
    }

    @Test
    void startsUnderTheLocalProfileWithItsDevOnlyKey() {
        try (TestDatabase database = TestPostgres.server().createDatabase();
                ConfigurableApplicationContext context = start(database, "--spring.profiles.active=local")) {
            PosConfigurations configurations = context.getBean(PosConfigurations.class);
            UUID tenant = UUID.randomUUID();
            PosCredentials credentials = new PosCredentials(Map.of("api_key", "dev"));

            UUID id = configurations.save(tenant, PosProvider.SUMUP, "Dev", credentials);

            assertThat(configurations.credentials(tenant, id)).contains(credentials);
        }
    }

    private static ConfigurableApplicationContext start(TestDatabase database, String... arguments) {
        String[] all = new String[arguments.length + 3];
        all[0] = "--spring.datasource.url=" + database.jdbcUrl();
        all[1] = "--spring.datasource.username=" + database.username();
        all[2] = "--spring.datasource.password=" + database.password();
        System.arraycopy(arguments, 0, all, 3, arguments.length);
        return new SpringApplicationBuilder(PosApplication.class)
                .web(WebApplicationType.NONE)
                .run(all);
    }
}
