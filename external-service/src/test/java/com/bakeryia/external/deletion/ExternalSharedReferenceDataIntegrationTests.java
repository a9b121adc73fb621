package com.bakeryia.external.deletion;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.deletion.api.DeletionResult;
import com.bakeryia.testkit.data.SchemaInspector;
import com.bakeryia.testkit.data.TenantDataGenerator;
import com.bakeryia.testkit.postgres.FreshDatabaseContextInitializer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ContextConfiguration(initializers = FreshDatabaseContextInitializer.class)
class ExternalSharedReferenceDataIntegrationTests {

    private static final String CITIES_OF_TENANT = """
            SELECT DISTINCT city_id FROM external.tenant_locations WHERE tenant_id = ?
            """;
    private static final String CITY_ROWS = """
            SELECT (SELECT count(*) FROM external.cities WHERE id = :city)
                 + (SELECT count(*) FROM external.city_weather WHERE city_id = :city)
            """;

    @Autowired
    private ExternalTenantDataDeletionService service;

    @Autowired
    private DataSource dataSource;

    @Autowired
    private JdbcClient jdbc;

    @Test
    void declaresCitiesAndCityWeatherSharedAndErasesOnlyTheTenantsTables() {
        assertThat(service.schema().sharedTables()).containsOnlyKeys("cities", "city_weather");
        assertThat(service.schema().sharedTables().values())
                .allSatisfy(reason -> assertThat(reason).isNotBlank());
        assertThat(service.plan().deletionOrder())
                .containsExactly("tenant_weather_data", "tenant_weather_subscriptions", "tenant_locations");
    }

    @Test
    void deletingATenantLeavesCitiesAndCityWeatherByteForByteUntouchedEvenForItsOwnCity() {
        UUID tenant = UUID.randomUUID();
        UUID neighbour = UUID.randomUUID();
        new TenantDataGenerator(dataSource, "external", 11).generatePerTable(tenant, 15);
        new TenantDataGenerator(dataSource, "external", 12).generatePerTable(neighbour, 15);
        var inspector = new SchemaInspector(dataSource, "external");
        Map<String, String> sharedBefore = inspector.sharedTableChecksums();
        Map<String, String> neighbourBefore = inspector.checksums(neighbour);
        List<UUID> ownCities =
                jdbc.sql(CITIES_OF_TENANT).param(tenant).query(UUID.class).list();
        assertThat(ownCities).isNotEmpty();
        UUID ownCity = ownCities.get(0);
        long ownCityRows = cityRows(ownCity);
        assertThat(ownCityRows).isGreaterThan(1);

        DeletionResult result = service.delete(tenant);

        assertThat(result.success()).as(result.errors().toString()).isTrue();
        assertThat(result.verified()).isTrue();
        assertThat(result.deletedCounts())
                .containsOnlyKeys("tenant_weather_data", "tenant_weather_subscriptions", "tenant_locations")
                .containsEntry("tenant_locations", 15L)
                .containsEntry("tenant_weather_subscriptions", 15L)
                .containsEntry("tenant_weather_data", 15L);
        assertThat(inspector.sharedTables()).containsExactly("cities", "city_weather");
        assertThat(inspector.sharedTableChecksums()).isEqualTo(sharedBefore);
        assertThat(cityRows(ownCity)).isEqualTo(ownCityRows);
        assertThat(inspector.rowCounts(tenant))
                .containsOnlyKeys("tenant_locations", "tenant_weather_data", "tenant_weather_subscriptions")
                .allSatisfy((table, rows) -> assertThat(rows).as(table).isZero());
        assertThat(inspector.checksums(neighbour)).isEqualTo(neighbourBefore);
        assertThat(inspector.danglingReferences()).isEmpty();
    }

    private long cityRows(UUID city) {
        return jdbc.sql(CITY_ROWS).param("city", city).query(Long.class).single();
    }
}
