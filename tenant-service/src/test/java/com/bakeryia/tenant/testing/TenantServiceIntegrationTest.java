package com.bakeryia.tenant.testing;

import com.bakeryia.testkit.postgres.FreshDatabaseContextInitializer;
import com.bakeryia.testkit.token.TestTokenAuthority;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

/**
 * Base of tenant-service's integration tests: the real service on a random port and a fresh
 * database of the test Postgres, user tokens of {@link TestFleet#USERS}, the orchestrator stub, and
 * a stand-in orchestrator whose service tokens call the deletion endpoint. Subclasses with the same
 * configuration share one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability(tracing = false)
@ContextConfiguration(
        initializers = {
            FreshDatabaseContextInitializer.class,
            TestFleet.Initializer.class,
            TenantServiceIntegrationTest.TrustOrchestratorTokens.class
        })
@TestPropertySource(locations = "classpath:tenant-service-test.properties")
public abstract class TenantServiceIntegrationTest {

    /** Signs the orchestrator's calls of tenant-service's deletion endpoint. */
    protected static final TestTokenAuthority ORCHESTRATOR_TOKENS = TestTokenAuthority.start("orchestrator-service");

    @LocalServerPort
    private int port;

    @Autowired
    protected JdbcTemplate jdbc;

    protected TenantApi api;

    @BeforeEach
    void resetOrchestratorStub() {
        api = new TenantApi(port);
        TestFleet.ORCHESTRATOR.reset();
    }

    /** Waits up to 15 s for the condition. */
    protected static void await(String what, BooleanSupplier condition) {
        Awaitility.await(what).atMost(Duration.ofSeconds(15)).until(condition::getAsBoolean);
    }

    /**
     * Waits until the stub orchestrator received the job's creation: made right after the request,
     * or by the relay when that first call timed out (a slow first answer of the stub).
     */
    protected static void awaitJobCreated(UUID jobId) {
        await(
                "job " + jobId + " is created at the orchestrator",
                () -> !TestFleet.ORCHESTRATOR.creationsOf(jobId).isEmpty());
    }

    /** Rows of the tenant in a table of schema tenant, counted in Postgres. */
    protected long rows(String table, UUID tenant) {
        Long count = jdbc.queryForObject(
                "SELECT count(*) FROM tenant." + table + " WHERE tenant_id = ?", Long.class, tenant);
        return count == null ? 0 : count;
    }

    /** Makes the service trust {@link #ORCHESTRATOR_TOKENS}. */
    static final class TrustOrchestratorTokens
            implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            context.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource(
                            "trustTestOrchestratorTokens", Map.copyOf(ORCHESTRATOR_TOKENS.trustProperties())));
        }
    }
}
