package com.bakeryia.fleet.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.fleet.FleetAutoConfiguration;
import com.bakeryia.fleet.ServiceIdentity;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.web.SecurityFilterChain;

@ExtendWith(OutputCaptureExtension.class)
class ServiceTokenAutoConfigurationTests {

    private static final String KEYS = "classpath:service-tokens/";
    private static final String KEY = "deletion.tokens.signing-keys[0]";

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FleetAutoConfiguration.class, ServiceTokenAutoConfiguration.class))
            .withBean(ServiceIdentity.class, () -> new ServiceIdentity("orchestrator-service"))
            .withPropertyValues("deletion.tokens.signing-enabled=true");

    @Test
    void issuesNoTokensWhenSigningIsDisabled() {
        new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(FleetAutoConfiguration.class, ServiceTokenAutoConfiguration.class))
                .withBean(ServiceIdentity.class, () -> new ServiceIdentity("orders-service"))
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .doesNotHaveBean(ServiceTokenIssuer.class)
                        .doesNotHaveBean(SigningKeys.class));
    }

    @Test
    void signsWithTheFirstKeyAndPublishesAll() {
        contextRunner
                .withPropertyValues(keyPair(0, "a", "p256-a-private.pem", "p256-a-public.pem"))
                .withPropertyValues(
                        "deletion.tokens.signing-keys[1].id=b",
                        "deletion.tokens.signing-keys[1].public-key=" + KEYS + "p256-b-public.pem")
                .run(context -> {
                    String token = context.getBean(ServiceTokenIssuer.class)
                            .issue("orders-service", ServiceTokenScopes.TENANT_DATA_DELETE, UUID.randomUUID(), null);
                    JWKSet published = context.getBean(SigningKeys.class).publicKeys();

                    assertThat(SignedJWT.parse(token).getHeader().getKeyID()).isEqualTo("a");
                    assertThat(published.getKeys())
                            .extracting(key -> key.getKeyID())
                            .containsExactly("a", "b");
                });
    }

    @Test
    void signsNoOtherDocumentsWithTheServiceTokenKey() {
        contextRunner
                .withPropertyValues(keyPair(0, "a", "p256-a-private.pem", "p256-a-public.pem"))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ClaimsSigner.class));
    }

    @Test
    void signsNoDocumentsWhenSigningIsDisabled() {
        new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(FleetAutoConfiguration.class, ServiceTokenAutoConfiguration.class))
                .withBean(ServiceIdentity.class, () -> new ServiceIdentity("orders-service"))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ClaimsSigner.class));
    }

    @Test
    void acceptsSec1PrivateKey() {
        contextRunner
                .withPropertyValues(keyPair(0, "a", "p256-a-private-sec1.pem", "p256-a-public.pem"))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(ServiceTokenIssuer.class));
    }

    @Test
    void userDefinedIssuerWins() {
        ServiceTokenIssuer own = (audience, scope, tenantId, jobId) -> "own";
        contextRunner
                .withPropertyValues(keyPair(0, "a", "p256-a-private.pem", "p256-a-public.pem"))
                .withBean(ServiceTokenIssuer.class, () -> own)
                .run(context ->
                        assertThat(context.getBean(ServiceTokenIssuer.class)).isSameAs(own));
    }

    @Test
    void failsOnPrivateKeyThatDoesNotMatchItsPublicKey() {
        contextRunner
                .withPropertyValues(keyPair(0, "a", "p256-a-private.pem", "p256-b-public.pem"))
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining(KEY + ".private-key")
                        .hasMessageContaining("does not match the public key"));
    }

    @Test
    void failsOnKeyOfAnotherCurve() {
        contextRunner
                .withPropertyValues(keyPair(0, "a", "p384-private.pem", "p384-public.pem"))
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining(KEY + ".public-key")
                        .hasMessageContaining("P-256")
                        .hasMessageContaining("P-384"));
    }

    @Test
    void failsOnPrivateKeyOfAnotherCurve() {
        contextRunner
                .withPropertyValues(keyPair(0, "a", "p384-private.pem", "p256-a-public.pem"))
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining(KEY + ".private-key")
                        .hasMessageContaining("P-384"));
    }

    @Test
    void failsOnPublicKeyFileWithoutPublicKey() {
        contextRunner
                .withPropertyValues(keyPair(0, "a", "p256-a-private.pem", "p256-a-private.pem"))
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining(KEY + ".public-key")
                        .hasMessageContaining("BEGIN PUBLIC KEY"));
    }

    @Test
    void failsWhenTheSigningKeyHasNoPrivateKey() {
        contextRunner
                .withPropertyValues(KEY + ".id=a", KEY + ".public-key=" + KEYS + "p256-a-public.pem")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining(KEY + ".private-key")
                        .hasMessageContaining("first signing key"));
    }

    @Test
    void failsOnDuplicateKeyIds() {
        contextRunner
                .withPropertyValues(keyPair(0, "a", "p256-a-private.pem", "p256-a-public.pem"))
                .withPropertyValues(keyPair(1, "a", "p256-b-private.pem", "p256-b-public.pem"))
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("deletion.tokens.signing-keys[1].id")
                        .hasMessageContaining("unique"));
    }

    @Test
    void failsOnLifetimeLongerThanFiveMinutes() {
        contextRunner
                .withPropertyValues(keyPair(0, "a", "p256-a-private.pem", "p256-a-public.pem"))
                .withPropertyValues("deletion.tokens.lifetime=6m")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("deletion.tokens.lifetime")
                        .hasMessageContaining("at most 5 minutes"));
    }

    @Test
    void generatesEphemeralKeyInLocalProfile(CapturedOutput output) {
        contextRunner.withPropertyValues("spring.profiles.active=local").run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(ServiceTokenIssuer.class);
            assertThat(context.getBean(SigningKeys.class).signingKey().getKeyID())
                    .startsWith("ephemeral-");
            assertThat(output).contains("WARN").contains("ephemeral").contains("dev only");
        });
    }

    @Test
    void failsWithoutKeysOutsideLocalProfile() {
        contextRunner
                .withPropertyValues("spring.profiles.active=dev")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("deletion.tokens.signing-keys")
                        .hasMessageContaining("no signing key is configured")
                        .hasMessageContaining("'local' profile"));
    }

    @Test
    void publishesKeysInServletWebApplication() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        FleetAutoConfiguration.class,
                        ServiceTokenAutoConfiguration.class,
                        SecurityAutoConfiguration.class))
                .withBean(ServiceIdentity.class, () -> new ServiceIdentity("orchestrator-service"))
                .withPropertyValues("deletion.tokens.signing-enabled=true")
                .withPropertyValues(keyPair(0, "a", "p256-a-private.pem", "p256-a-public.pem"))
                .run(context -> assertThat(context)
                        .hasSingleBean(JwksController.class)
                        .hasBean("jwksSecurityFilterChain")
                        .doesNotHaveBean("defaultSecurityFilterChain"));
    }

    @Test
    void publishesKeysAsActuatorEndpointWhenExposed() {
        webContextRunnerWithKeys()
                .withPropertyValues("management.endpoints.web.exposure.include=health,jwks")
                .run(context -> {
                    assertThat(context).hasSingleBean(JwksEndpoint.class);
                    assertThat(context.getBean(JwksEndpoint.class).jwks())
                            .isEqualTo(context.getBean(JwksController.class).jwks());
                });
    }

    @Test
    void leavesOutTheActuatorEndpointWhenNotExposed() {
        webContextRunnerWithKeys()
                .withPropertyValues("management.endpoints.web.exposure.include=health")
                .run(context ->
                        assertThat(context).hasSingleBean(JwksController.class).doesNotHaveBean(JwksEndpoint.class));
    }

    @Test
    void leavesOutTheActuatorEndpointWithoutActuator() {
        webContextRunnerWithKeys()
                .withPropertyValues("management.endpoints.web.exposure.include=jwks")
                .withClassLoader(new FilteredClassLoader(WebEndpoint.class))
                .run(context ->
                        assertThat(context).hasSingleBean(JwksController.class).doesNotHaveBean(JwksEndpoint.class));
    }

    @Test
    void publishesNoActuatorEndpointWhenSigningIsDisabled() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        FleetAutoConfiguration.class,
                        ServiceTokenAutoConfiguration.class,
                        SecurityAutoConfiguration.class))
                .withBean(ServiceIdentity.class, () -> new ServiceIdentity("orders-service"))
                .withPropertyValues("management.endpoints.web.exposure.include=jwks")
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .doesNotHaveBean(JwksEndpoint.class)
                        .doesNotHaveBean(JwksController.class));
    }

    @Test
    void publishesNoKeysOutsideWebApplication() {
        contextRunner
                .withPropertyValues(keyPair(0, "a", "p256-a-private.pem", "p256-a-public.pem"))
                .run(context -> assertThat(context)
                        .hasSingleBean(ServiceTokenIssuer.class)
                        .doesNotHaveBean(JwksController.class)
                        .doesNotHaveBean(SecurityFilterChain.class));
    }

    private static WebApplicationContextRunner webContextRunnerWithKeys() {
        return new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        FleetAutoConfiguration.class,
                        ServiceTokenAutoConfiguration.class,
                        SecurityAutoConfiguration.class))
                .withBean(ServiceIdentity.class, () -> new ServiceIdentity("orchestrator-service"))
                .withPropertyValues("deletion.tokens.signing-enabled=true")
                .withPropertyValues(keyPair(0, "a", "p256-a-private.pem", "p256-a-public.pem"));
    }

    private static String[] keyPair(int index, String id, String privateKey, String publicKey) {
        String key = "deletion.tokens.signing-keys[" + index + "]";
        return new String[] {
            key + ".id=" + id, key + ".private-key=" + KEYS + privateKey, key + ".public-key=" + KEYS + publicKey
        };
    }
}
