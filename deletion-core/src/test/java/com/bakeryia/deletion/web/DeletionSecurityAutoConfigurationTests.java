package com.bakeryia.deletion.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.fleet.FleetAutoConfiguration;
import com.bakeryia.fleet.FleetProperties;
import com.bakeryia.fleet.ServiceIdentity;
import com.bakeryia.fleet.security.DefaultSecurityFallbackAutoConfiguration;
import com.bakeryia.fleet.security.ProblemDetailsAccessDeniedHandler;
import com.bakeryia.fleet.security.ProblemDetailsAuthenticationEntryPoint;
import com.bakeryia.fleet.security.ServiceTokenAuthentication;
import com.bakeryia.fleet.security.ServiceTokenSecurityAutoConfiguration;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.security.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

class DeletionSecurityAutoConfigurationTests {

    private static final AutoConfigurations SECURITY = AutoConfigurations.of(
            FleetAutoConfiguration.class,
            DefaultSecurityFallbackAutoConfiguration.class,
            ServiceTokenSecurityAutoConfiguration.class,
            DeletionEndpointsSecurityAutoConfiguration.class,
            SecurityAutoConfiguration.class,
            ManagementWebSecurityAutoConfiguration.class,
            OAuth2ResourceServerAutoConfiguration.class,
            UserDetailsServiceAutoConfiguration.class);

    private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
            .withConfiguration(SECURITY)
            .withBean(ServiceIdentity.class, () -> new ServiceIdentity("orders-service"));

    @Test
    void guardsTheDeletionEndpointsAndDeniesEverythingElse() {
        contextRunner.run(context -> assertThat(context)
                .hasSingleBean(ServiceTokenAuthentication.class)
                .hasSingleBean(ProblemDetailsAuthenticationEntryPoint.class)
                .hasSingleBean(ProblemDetailsAccessDeniedHandler.class)
                .hasBean("deletionEndpointsSecurityFilterChain")
                .hasBean("deletionFallbackSecurityFilterChain")
                .doesNotHaveBean("defaultSecurityFilterChain")
                .doesNotHaveBean(JwtDecoder.class));
    }

    @Test
    void configuresNoSecurityOutsideWebApplications() {
        new ApplicationContextRunner()
                .withConfiguration(SECURITY)
                .withBean(ServiceIdentity.class, () -> new ServiceIdentity("orders-service"))
                .run(context -> assertThat(context)
                        .doesNotHaveBean(ServiceTokenAuthentication.class)
                        .doesNotHaveBean(SecurityFilterChain.class));
    }

    @Test
    void configuresNothingWithoutSpringSecurity() {
        contextRunner
                .withClassLoader(new FilteredClassLoader(SecurityFilterChain.class))
                .run(context -> assertThat(context)
                        .doesNotHaveBean(ServiceTokenAuthentication.class)
                        .doesNotHaveBean("deletionEndpointsSecurityFilterChain")
                        .doesNotHaveBean("deletionFallbackSecurityFilterChain"));
    }

    @Test
    void leavesOutTheEndpointsChainWhenTheEndpointsAreDisabled() {
        contextRunner
                .withPropertyValues("deletion.endpoints.enabled=false")
                .run(context -> assertThat(context)
                        .hasSingleBean(ServiceTokenAuthentication.class)
                        .doesNotHaveBean("deletionEndpointsSecurityFilterChain")
                        .hasBean("deletionFallbackSecurityFilterChain"));
    }

    @Test
    void leavesTheCatchAllToAnApplicationWithItsOwnChain() {
        contextRunner
                .withUserConfiguration(ApplicationChainConfiguration.class)
                .run(context -> assertThat(context)
                        .hasBean("applicationSecurityFilterChain")
                        .hasBean("deletionEndpointsSecurityFilterChain")
                        .doesNotHaveBean("deletionFallbackSecurityFilterChain")
                        .doesNotHaveBean("defaultSecurityFilterChain"));
    }

    @Test
    void userDefinedServiceTokenAuthenticationWins() {
        ServiceTokenAuthentication own = new ServiceTokenAuthentication(
                new ServiceIdentity("orders-service"),
                new FleetProperties.Security(Map.of(), Duration.ofSeconds(30), Duration.ofMinutes(5)),
                Clock.systemUTC());
        contextRunner
                .withBean(ServiceTokenAuthentication.class, () -> own)
                .run(context -> assertThat(context.getBean(ServiceTokenAuthentication.class))
                        .isSameAs(own));
    }

    @Test
    void userDefinedEndpointsChainWins() {
        contextRunner
                .withUserConfiguration(OwnDeletionEndpointsChainConfiguration.class)
                .run(context -> assertThat(context)
                        .getBean("deletionEndpointsSecurityFilterChain")
                        .isSameAs(context.getBean(OwnDeletionEndpointsChainConfiguration.class).chain));
    }

    @Configuration(proxyBeanMethods = false)
    static class ApplicationChainConfiguration {

        @Bean
        SecurityFilterChain applicationSecurityFilterChain(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                    .build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnDeletionEndpointsChainConfiguration {

        SecurityFilterChain chain;

        @Bean
        SecurityFilterChain deletionEndpointsSecurityFilterChain(HttpSecurity http) throws Exception {
            chain = http.securityMatcher(
                            PathPatternRequestMatcher.withDefaults().matcher("/api/v1/orders/tenant/**"))
                    .authorizeHttpRequests(requests -> requests.anyRequest().denyAll())
                    .build();
            return chain;
        }
    }
}
