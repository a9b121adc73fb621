package com.bakeryia.fleet.token;

import com.bakeryia.fleet.FleetProperties;
import com.bakeryia.fleet.ServiceIdentity;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.security.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Issuing of service tokens when {@code deletion.tokens.signing-enabled=true}: the signing keys,
 * the {@link ServiceTokenIssuer} and, in a
 * servlet web application, the JWKS at {@code /.well-known/jwks.json} with a security filter chain
 * that lets anyone read it, and the same keys as the actuator endpoint {@code jwks} when it is
 * exposed ({@code management.endpoints.web.exposure.include}; the fleet's chains let anyone read it).
 */
@AutoConfiguration(before = {SecurityAutoConfiguration.class, ManagementWebSecurityAutoConfiguration.class})
@ConditionalOnProperty(prefix = "deletion.tokens", name = "signing-enabled", havingValue = "true")
@EnableConfigurationProperties(FleetProperties.class)
class ServiceTokenAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ServiceTokenAutoConfiguration.class);

    private static final String LOCAL_PROFILE = "local";

    @Bean
    @ConditionalOnMissingBean
    SigningKeys serviceTokenSigningKeys(FleetProperties properties, Environment environment) {
        List<FleetProperties.SigningKey> configured = properties.tokens().signingKeys();
        if (!configured.isEmpty()) {
            return SigningKeys.load(configured);
        }
        if (environment.matchesProfiles(LOCAL_PROFILE)) {
            SigningKeys generated = SigningKeys.ephemeral();
            log.warn(
                    "Signing service tokens with an ephemeral EC P-256 key ({}) generated at start-up because"
                            + " no {} is configured: dev only (profile 'local'); its tokens stop verifying when"
                            + " this process stops",
                    generated.signingKey().getKeyID(),
                    SigningKeys.PROPERTY);
            return generated;
        }
        throw new InvalidConfigurationPropertyValueException(
                SigningKeys.PROPERTY,
                configured,
                "deletion.tokens.signing-enabled is true but no signing key is configured: set "
                        + SigningKeys.PROPERTY + "[0].id, " + SigningKeys.PROPERTY + "[0].private-key and "
                        + SigningKeys.PROPERTY + "[0].public-key to an EC P-256 key pair in PEM files"
                        + " (only the 'local' profile generates an ephemeral key)");
    }

    @Bean
    @ConditionalOnMissingBean
    ServiceTokenIssuer serviceTokenIssuer(
            ServiceIdentity identity, SigningKeys keys, FleetProperties properties, Clock clock) {
        return new NimbusServiceTokenIssuer(identity, keys, properties.tokens().lifetime(), clock);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class JwksEndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean
        JwksController jwksController(SigningKeys keys) {
            return new JwksController(keys);
        }

        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(WebEndpoint.class)
        static class JwksActuatorEndpointConfiguration {

            @Bean
            @ConditionalOnMissingBean
            @ConditionalOnAvailableEndpoint
            JwksEndpoint jwksEndpoint(SigningKeys keys) {
                return new JwksEndpoint(keys);
            }
        }

        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(SecurityFilterChain.class)
        static class JwksSecurityConfiguration {

            @Bean
            @Order(Ordered.HIGHEST_PRECEDENCE + 10)
            @ConditionalOnMissingBean(name = "jwksSecurityFilterChain")
            SecurityFilterChain jwksSecurityFilterChain(HttpSecurity http) throws Exception {
                return http.securityMatcher(
                                PathPatternRequestMatcher.withDefaults().matcher(JwksController.PATH))
                        .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                        .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                        .csrf(AbstractHttpConfigurer::disable)
                        .requestCache(AbstractHttpConfigurer::disable)
                        .build();
            }
        }
    }
}
