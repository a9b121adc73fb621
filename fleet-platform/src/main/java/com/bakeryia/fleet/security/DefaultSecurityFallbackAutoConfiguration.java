package com.bakeryia.fleet.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.autoconfigure.security.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The catch-all security filter chain of an application that declares none of its own. Once the
 * library's chains exist, Spring Boot's default chain backs off; this one keeps every request they
 * do not match denied (401 problem details), except the {@link PublicEndpoints} (health, info,
 * prometheus and jwks on the port where actuator is served, and the OpenAPI document).
 * Evaluated before the library's other security auto-configurations, so it sees only the
 * application's chains.
 */
@AutoConfiguration(
        before = {
            ServiceTokenSecurityAutoConfiguration.class,
            SecurityAutoConfiguration.class,
            ManagementWebSecurityAutoConfiguration.class,
            OAuth2ResourceServerAutoConfiguration.class,
            UserDetailsServiceAutoConfiguration.class
        },
        beforeName = "com.bakeryia.fleet.token.ServiceTokenAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({SecurityFilterChain.class, EndpointRequest.class})
@ConditionalOnMissingBean(SecurityFilterChain.class)
public class DefaultSecurityFallbackAutoConfiguration {

    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE - 10)
    SecurityFilterChain deletionFallbackSecurityFilterChain(
            HttpSecurity http,
            ObjectProvider<ProblemDetailsAuthenticationEntryPoint> entryPoint,
            ObjectProvider<ProblemDetailsAccessDeniedHandler> accessDeniedHandler,
            ObjectProvider<ObjectMapper> objectMapper)
            throws Exception {
        return http.authorizeHttpRequests(requests -> requests.dispatcherTypeMatchers(DispatcherType.ERROR)
                        .permitAll()
                        .requestMatchers(PublicEndpoints.requests())
                        .permitAll()
                        .anyRequest()
                        .denyAll())
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(
                                entryPoint.getIfAvailable(() -> new ProblemDetailsAuthenticationEntryPoint(
                                        objectMapper.getIfAvailable(ObjectMapper::new))))
                        .accessDeniedHandler(accessDeniedHandler.getIfAvailable(() ->
                                new ProblemDetailsAccessDeniedHandler(objectMapper.getIfAvailable(ObjectMapper::new)))))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .build();
    }
}
