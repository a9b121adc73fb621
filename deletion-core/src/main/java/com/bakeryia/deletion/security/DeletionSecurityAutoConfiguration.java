package com.bakeryia.deletion.security;

import com.bakeryia.deletion.DeletionProperties;
import com.bakeryia.deletion.ServiceIdentity;
import com.bakeryia.deletion.token.ServiceTokenScopes;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.security.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Validation of incoming service tokens in a servlet web application: the {@link
 * ServiceTokenAuthentication}, the problem-details entry point and access-denied handler, and
 * (unless {@code deletion.endpoints.enabled=false}) the filter chain that guards the preview and
 * delete endpoints. It declares no {@code JwtDecoder}, so Boot's own resource server (user tokens)
 * stays available to the application's chains.
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
@EnableConfigurationProperties(DeletionProperties.class)
class DeletionSecurityAutoConfiguration {

    static final String DELETION_ENDPOINTS_CHAIN = "deletionEndpointsSecurityFilterChain";
    private static final String TENANT_ID = "tenantId";

    @Bean
    @ConditionalOnMissingBean
    ServiceTokenAuthentication serviceTokenAuthentication(
            ServiceIdentity identity, DeletionProperties properties, ObjectProvider<Clock> clock) {
        return new ServiceTokenAuthentication(identity, properties.security(), clock.getIfAvailable(Clock::systemUTC));
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

    @Bean(DELETION_ENDPOINTS_CHAIN)
    @Order(Ordered.HIGHEST_PRECEDENCE + 20)
    @ConditionalOnProperty(prefix = "deletion.endpoints", name = "enabled", matchIfMissing = true)
    @ConditionalOnMissingBean(name = DELETION_ENDPOINTS_CHAIN)
    SecurityFilterChain deletionEndpointsSecurityFilterChain(
            HttpSecurity http,
            ServiceIdentity identity,
            ServiceTokenAuthentication serviceTokens,
            BearerTokenSecurity bearerTokens)
            throws Exception {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        String tenants = "/api/v1/" + identity.pathSegment() + "/tenant";
        return bearerTokens
                .configure(http, serviceTokens.authenticationManagerResolver())
                .securityMatcher(paths.matcher(tenants + "/**"))
                .authorizeHttpRequests(requests -> requests.requestMatchers(
                                paths.matcher(HttpMethod.GET, tenants + "/{" + TENANT_ID + "}/deletion-preview"))
                        .access(ServiceTokenAuthorization.hasScopeForTenant(
                                ServiceTokenScopes.TENANT_DATA_PREVIEW, TENANT_ID))
                        .requestMatchers(paths.matcher(HttpMethod.DELETE, tenants + "/{" + TENANT_ID + "}"))
                        .access(ServiceTokenAuthorization.hasScopeForTenant(
                                ServiceTokenScopes.TENANT_DATA_DELETE, TENANT_ID))
                        .anyRequest()
                        .denyAll())
                .build();
    }
}
