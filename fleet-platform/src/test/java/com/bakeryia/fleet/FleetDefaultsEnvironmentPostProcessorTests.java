package com.bakeryia.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.DefaultPropertiesPropertySource;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.mock.env.MockEnvironment;

class FleetDefaultsEnvironmentPostProcessorTests {

    private final FleetDefaultsEnvironmentPostProcessor processor = new FleetDefaultsEnvironmentPostProcessor();

    @Test
    void suppliesTheFleetDefaults() {
        var environment = new MockEnvironment();

        processor.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("spring.datasource.url"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/bakery");
        assertThat(environment.getProperty("spring.datasource.hikari.maximum-pool-size"))
                .isEqualTo("4");
        assertThat(environment.getProperty("spring.threads.virtual.enabled")).isEqualTo("true");
    }

    @Test
    void yieldsToTheEnvironmentAndTheServiceConfiguration() {
        var environment = new MockEnvironment()
                .withProperty("DB_URL", "jdbc:postgresql://db:5432/prod")
                .withProperty("management.endpoints.web.exposure.include", "health");

        processor.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://db:5432/prod");
        assertThat(environment.getProperty("management.endpoints.web.exposure.include"))
                .isEqualTo("health");
    }

    @Test
    void flywayMigratesAsTheMigrationUserWhenOneIsGivenElseAsTheDatasourceUser() {
        var roles = new MockEnvironment()
                .withProperty("DB_USER", "bakery_orders_app")
                .withProperty("DB_PASSWORD", "app-secret")
                .withProperty("DB_MIGRATION_USER", "bakery_orders_owner")
                .withProperty("DB_MIGRATION_PASSWORD", "owner-secret");
        var shared = new MockEnvironment().withProperty("spring.datasource.username", "postgres");

        processor.postProcessEnvironment(roles, new SpringApplication());
        processor.postProcessEnvironment(shared, new SpringApplication());

        assertThat(roles.getProperty("spring.datasource.username")).isEqualTo("bakery_orders_app");
        assertThat(roles.getProperty("spring.flyway.user")).isEqualTo("bakery_orders_owner");
        assertThat(roles.getProperty("spring.flyway.password")).isEqualTo("owner-secret");
        assertThat(shared.getProperty("spring.flyway.user")).isEqualTo("postgres");
        assertThat(shared.getProperty("spring.flyway.password")).isEmpty();
        assertThat(shared.getProperty("deletion.database.refuse-superuser", Boolean.class))
                .isFalse();
    }

    @Test
    void yieldsToTheApplicationsDefaultProperties() {
        var environment = new MockEnvironment();
        environment
                .getPropertySources()
                .addLast(new MapPropertySource(
                        DefaultPropertiesPropertySource.NAME,
                        Map.of("spring.datasource.url", "jdbc:postgresql://x/y")));

        processor.postProcessEnvironment(environment, new SpringApplication());
        DefaultPropertiesPropertySource.moveToEnd(environment);

        assertThat(environment.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://x/y");
    }
}
