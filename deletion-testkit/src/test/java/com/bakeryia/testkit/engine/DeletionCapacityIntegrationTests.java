package com.bakeryia.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.deletion.TenantDataDeletionService;
import com.bakeryia.deletion.TenantDataSchema;
import com.bakeryia.deletion.TenantErasureFence;
import com.bakeryia.deletion.api.DeletionEndpoints;
import com.bakeryia.fleet.token.ServiceTokenScopes;
import com.bakeryia.testkit.data.SchemaInspector;
import com.bakeryia.testkit.data.TenantDataGenerator;
import com.bakeryia.testkit.postgres.AdvisoryLocks;
import com.bakeryia.testkit.postgres.FreshDatabaseContextInitializer;
import com.bakeryia.testkit.token.TestTokenAuthority;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.EncodedResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ScriptUtils;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.util.UriTemplate;

/**
 * The delete endpoint's capacity ({@code deletion.max-concurrent-runs}) over real HTTP: a delete
 * beyond it is answered 503 with {@code Retry-After} at once, and nothing is done for it.
 */
@SpringBootTest(
        classes = DeletionCapacityIntegrationTests.ShopApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.application.name=shop-service",
            "spring.flyway.enabled=false",
            "deletion.max-concurrent-runs=1",
            // Refused at once here; waiting for a place (deletion.busy-wait, 2s by default) is
            // DeletionWebAutoConfigurationTests'.
            "deletion.busy-wait=0s",
            "deletion.busy-retry-after=7s",
            "deletion.lock-timeout=60s"
        })
@ContextConfiguration(initializers = FreshDatabaseContextInitializer.class)
class DeletionCapacityIntegrationTests {

    private static final TestTokenAuthority ORCHESTRATOR = TestTokenAuthority.start("orchestrator-service");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    private int port;

    @Autowired
    private DataSource dataSource;

    @DynamicPropertySource
    static void trustTheTestOrchestrator(DynamicPropertyRegistry registry) {
        ORCHESTRATOR.trustProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    @Test
    void aDeleteBeyondTheLimitIsAnswered503WithRetryAfterAtOnceAndNothingIsDone() throws Exception {
        UUID held = seed();
        UUID refused = seed();
        var inspector = new SchemaInspector(dataSource, "shop");
        Map<String, String> refusedBefore = inspector.checksums(refused);
        Future<HttpResponse<String>> first;
        try (var executor = Executors.newSingleThreadExecutor();
                Connection lockHolder = dataSource.getConnection()) {
            tenantLock(lockHolder, "pg_advisory_lock", held);
            first = executor.submit(() -> delete(held));
            AdvisoryLocks.awaitWaiter(dataSource, Duration.ofSeconds(30));

            HttpResponse<String> busy = delete(refused);

            assertThat(busy.statusCode()).as(busy.body()).isEqualTo(503);
            assertThat(busy.headers().firstValue("Retry-After")).hasValue("7");
            assertThat(busy.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            JsonNode problem = JSON.readTree(busy.body());
            assertThat(problem.path("type").asText()).isEqualTo("urn:bakery-ia:problem:deletion-capacity-exhausted");
            assertThat(problem.path("status").asInt()).isEqualTo(503);
            assertThat(problem.path("detail").asText())
                    .contains("1 deletion runs are already in progress")
                    .contains("retry after 7 s");
            assertThat(first).as("the run that holds the only place").isNotDone();
            assertThat(inspector.checksums(refused)).isEqualTo(refusedBefore);
            assertThat(fenced(refused)).as("the refused tenant was not fenced").isFalse();
            tenantLock(lockHolder, "pg_advisory_unlock", held);
        }

        assertThat(first.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        HttpResponse<String> later = delete(refused);
        assertThat(later.statusCode()).as(later.body()).isEqualTo(200);
        assertThat(inspector.totalRows(refused))
                .isEqualTo(inspector.rowCounts(refused).get("tax_records"));
    }

    /** Takes or releases the run's per-tenant lock ({@code TenantLock}'s key) on the test's own session. */
    private static void tenantLock(Connection connection, String function, UUID tenant) throws Exception {
        try (PreparedStatement lock = connection.prepareStatement("SELECT " + function + "(?, ?)")) {
            lock.setInt(1, "shop".hashCode());
            lock.setInt(2, tenant.hashCode());
            lock.execute();
        }
    }

    private boolean fenced(UUID tenant) {
        return new JdbcTemplate(dataSource)
                        .queryForObject(
                                "SELECT count(*) FROM shop." + TenantErasureFence.TABLE + " WHERE tenant_id = ?",
                                Long.class,
                                tenant)
                > 0;
    }

    private UUID seed() {
        UUID tenant = UUID.randomUUID();
        new TenantDataGenerator(dataSource, "shop", tenant.getLeastSignificantBits()).generatePerTable(tenant, 5);
        return tenant;
    }

    private HttpResponse<String> delete(UUID tenant) throws Exception {
        String token = ORCHESTRATOR
                .token()
                .audience("shop-service")
                .scope(ServiceTokenScopes.TENANT_DATA_DELETE)
                .tenant(tenant)
                .sign();
        URI uri = new UriTemplate("http://127.0.0.1:" + port + DeletionEndpoints.deletePath("shop-service"))
                .expand(tenant);
        return HTTP.send(
                HttpRequest.newBuilder(uri)
                        .DELETE()
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A service of the shop schema (created before deletion-core reads it at start-up). */
    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class ShopApplication {

        @Bean
        ShopSchema shopSchema(DataSource dataSource) throws Exception {
            try (var connection = dataSource.getConnection()) {
                ScriptUtils.executeSqlScript(
                        connection,
                        new EncodedResource(new ClassPathResource("engine/shop-schema.sql")),
                        false,
                        false,
                        ScriptUtils.DEFAULT_COMMENT_PREFIX,
                        ScriptUtils.EOF_STATEMENT_SEPARATOR,
                        ScriptUtils.DEFAULT_BLOCK_COMMENT_START_DELIMITER,
                        ScriptUtils.DEFAULT_BLOCK_COMMENT_END_DELIMITER);
            }
            return new ShopSchema();
        }

        @Bean
        TenantDataDeletionService shopDeletion(ShopSchema schema) {
            return new TenantDataDeletionService(TenantDataSchema.named("shop")
                    .shared("cities", "reference data of every tenant")
                    .retained("tax_records", "tax law keeps them for 10 years")) {};
        }
    }

    /** Marks the shop schema as created. */
    static final class ShopSchema {}
}
