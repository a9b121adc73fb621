package com.bakeryia.tenant.testing;

import com.bakeryia.testkit.postgres.FreshDatabaseContextInitializer;
import com.bakeryia.testkit.token.TestTokenAuthority;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.assertj.core.api.Assertions;
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

    @Autowired
    private DataSource dataSource;

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

    /**
     * Whether the tenant's row or one of its outbox rows is locked now, tried with {@code FOR UPDATE
     * NOWAIT} from a connection of the test's own: {@code "free"}, or {@code "locked: <why>"}.
     */
    protected String locksOf(UUID tenant) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                for (String table : List.of("tenants", "tenant_deletion_outbox")) {
                    try (PreparedStatement lock = connection.prepareStatement(
                            "SELECT 1 FROM tenant." + table + " WHERE tenant_id = ? FOR UPDATE NOWAIT")) {
                        lock.setObject(1, tenant);
                        lock.executeQuery().close();
                    }
                }
                return "free";
            } catch (SQLException e) {
                if ("55P03".equals(e.getSQLState())) {
                    return "locked: " + e.getMessage();
                }
                throw e;
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not probe the locks of tenant " + tenant, e);
        }
    }

    /**
     * From now on, records for each request the stub orchestrator receives ({@code "<method> <url>:
     * <locksOf(tenant)>"}) whether tenant-service holds the tenant's row or outbox rows locked while
     * it waits for the answer: a lock held during the call means a transaction open during the call.
     */
    protected List<String> locksDuringOrchestratorCalls(UUID tenant) {
        List<String> seen = new CopyOnWriteArrayList<>();
        TestFleet.ORCHESTRATOR.probe(
                request -> seen.add(request.getMethod() + " " + request.getUrl() + ": " + locksOf(tenant)));
        return seen;
    }

    /** The claims of a bearer token, after checking its signature with tenant-service's published keys. */
    protected JWTClaimsSet verifiedWithTenantServiceKeys(String authorization) throws Exception {
        SignedJWT jwt = SignedJWT.parse(authorization.substring("Bearer ".length()));
        JWKSet keys = JWKSet.parse(
                api.call("GET", "/.well-known/jwks.json", null, null).body());
        ECKey key = (ECKey) keys.getKeyByKeyId(jwt.getHeader().getKeyID());
        Assertions.assertThat(jwt.verify(new ECDSAVerifier(key))).isTrue();
        return jwt.getJWTClaimsSet();
    }

    /** Whether the outbox row of the job is marked delivered. */
    protected boolean delivered(UUID jobId) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT delivered_at IS NOT NULL FROM tenant.tenant_deletion_outbox WHERE job_id = ?",
                Boolean.class,
                jobId));
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
