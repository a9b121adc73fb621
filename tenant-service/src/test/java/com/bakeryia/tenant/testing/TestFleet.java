package com.bakeryia.tenant.testing;

import com.bakeryia.testkit.token.TestTokenAuthority;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * What surrounds tenant-service in the tests, shared by every test context: the OIDC issuer of user
 * tokens (RS256, over a real JWKS URI), a trusted account service that deletes users' memberships,
 * and the orchestrator stub.
 */
public final class TestFleet {

    /** Issues user tokens (RS256, sub = user id). */
    public static final TestTokenAuthority USERS = TestTokenAuthority.start("bakery-test-users");

    /** A service trusted to delete a user's memberships. */
    public static final TestTokenAuthority ACCOUNTS = TestTokenAuthority.start("account-service");

    /** The stand-in orchestrator tenant-service creates jobs at. */
    public static final OrchestratorStub ORCHESTRATOR = OrchestratorStub.start();

    /** The audience user tokens name, as configured ({@code spring.security.oauth2.resourceserver.jwt.audiences}). */
    public static final String USER_TOKEN_AUDIENCE = "bakery-ia";

    private TestFleet() {}

    /** A valid user token of the user, who has just signed in ({@code auth_time} now). */
    public static String userToken(UUID userId) {
        return userToken(userId, Instant.now());
    }

    /** A valid user token of the user who signed in at {@code authTime}; null leaves {@code auth_time} out. */
    public static String userToken(UUID userId, @Nullable Instant authTime) {
        return USERS.token()
                .subject(userId.toString())
                .claim("auth_time", authTime == null ? null : authTime.getEpochSecond())
                .audience(USER_TOKEN_AUDIENCE)
                .signature(TestTokenAuthority.Signature.RS256)
                .sign();
    }

    /** Points tenant-service at {@link #USERS}, {@link #ACCOUNTS} and {@link #ORCHESTRATOR}. */
    public static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            context.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource(
                            "tenantServiceTestFleet",
                            Map.of(
                                    "spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
                                    USERS.jwksUri().toString(),
                                    "spring.security.oauth2.resourceserver.jwt.audiences",
                                    USER_TOKEN_AUDIENCE,
                                    "deletion.security.trusted-issuers." + ACCOUNTS.issuer(),
                                    ACCOUNTS.jwksUri().toString(),
                                    "tenant.deletion.orchestrator-url",
                                    ORCHESTRATOR.url().toString())));
        }
    }
}
