package com.bakeryia.fleet.security;

import com.bakeryia.fleet.FleetProperties;
import com.bakeryia.fleet.ServiceIdentity;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.security.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Validation of incoming service tokens in a servlet web application: the {@link
 * ServiceTokenAuthentication}, the problem-details entry point and access-denied handler and the
 * {@link BearerTokenSecurity} that every chain of the fleet is set up with (deletion-core's chain of
 * the preview and delete endpoints, the services' own chains). It declares no {@code JwtDecoder}, so
 * Boot's own resource server (user tokens) stays available to the application's chains.
 */
@AutoConfiguration(
        before = {
            SecurityAutoConfiguration.class,
            ManagementWebSecurityAutoConfiguration.class,
            OAuth2ResourceServerAutoConfiguration.class,
            UserDetailsServiceAutoConfiguration.class
        })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(SecurityFilterChain.class)
@EnableConfigurationProperties(FleetProperties.class)
public class ServiceTokenSecurityAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ServiceTokenAuthentication serviceTokenAuthentication(
            ServiceIdentity identity, FleetProperties properties, Clock clock) {
        return new ServiceTokenAuthentication(identity, properties.security(), clock);
    }

    @Bean
    @ConditionalOnMissingBean
    ProblemDetailsAuthenticationEntryPoint problemDetailsAuthenticationEntryPoint(
            ObjectProvider<ObjectMapper> objectMapper) {
        return new ProblemDetailsAuthenticationEntryPoint(objectMapper.getIfAvailable(ObjectMapper::new));
    }

    @Bean
    @ConditionalOnMissingBean
    ProblemDetailsAccessDeniedHandler problemDetailsAccessDeniedHandler(ObjectProvider<ObjectMapper> objectMapper) {
        return new ProblemDetailsAccessDeniedHandler(objectMapper.getIfAvailable(ObjectMapper::new));
    }

    @Bean
    @ConditionalOnMissingBean
    BearerTokenSecurity bearerTokenSecurity(
            ProblemDetailsAuthenticationEntryPoint entryPoint, ProblemDetailsAccessDeniedHandler accessDeniedHandler) {
        return new BearerTokenSecurity(entryPoint, accessDeniedHandler);
    }
}
