package com.bakeryia.deletion.web;

import com.bakeryia.deletion.DeletionProperties;
import com.bakeryia.deletion.api.DeletionEndpoints;
import com.bakeryia.fleet.ServiceIdentity;
import com.bakeryia.fleet.security.BearerTokenSecurity;
import com.bakeryia.fleet.security.DefaultSecurityFallbackAutoConfiguration;
import com.bakeryia.fleet.security.ServiceTokenAuthentication;
import com.bakeryia.fleet.security.ServiceTokenAuthorization;
import com.bakeryia.fleet.security.ServiceTokenSecurityAutoConfiguration;
import com.bakeryia.fleet.token.ServiceTokenScopes;
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
 * The filter chain that guards the preview, delete and export endpoints (unless {@code
 * deletion.endpoints.enabled=false}): only service tokens, with scope {@code tenant-data.preview},
 * {@code tenant-data.delete} or {@code tenant-data.export} and {@code tenant_id} equal to the tenant
 * in the path; every other
 * request below {@code /api/v1/{svc}/tenant} is denied. Token validation itself is the platform's
 * ({@link ServiceTokenSecurityAutoConfiguration}).
 */
@AutoConfiguration(
        after = {ServiceTokenSecurityAutoConfiguration.class, DefaultSecurityFallbackAutoConfiguration.class},
        before = {
            SecurityAutoConfiguration.class,
            ManagementWebSecurityAutoConfiguration.class,
            OAuth2ResourceServerAutoConfiguration.class,
            UserDetailsServiceAutoConfiguration.class
        })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(SecurityFilterChain.class)
@EnableConfigurationProperties(DeletionProperties.class)
class DeletionEndpointsSecurityAutoConfiguration {

    static final String DELETION_ENDPOINTS_CHAIN = "deletionEndpointsSecurityFilterChain";

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
        return bearerTokens
                .configure(http, serviceTokens.authenticationManagerResolver())
                .securityMatcher(paths.matcher(DeletionEndpoints.prefix(identity.name()) + "/tenant/**"))
                .authorizeHttpRequests(requests -> requests.requestMatchers(
                                paths.matcher(HttpMethod.GET, DeletionEndpoints.previewPath(identity.name())))
                        .access(ServiceTokenAuthorization.hasScopeForTenant(
                                ServiceTokenScopes.TENANT_DATA_PREVIEW, DeletionEndpoints.TENANT_ID))
                        .requestMatchers(
                                paths.matcher(HttpMethod.DELETE, DeletionEndpoints.deletePath(identity.name())))
                        .access(ServiceTokenAuthorization.hasScopeForTenant(
                                ServiceTokenScopes.TENANT_DATA_DELETE, DeletionEndpoints.TENANT_ID))
                        .requestMatchers(paths.matcher(HttpMethod.GET, DeletionEndpoints.exportPath(identity.name())))
                        .access(ServiceTokenAuthorization.hasScopeForTenant(
                                ServiceTokenScopes.TENANT_DATA_EXPORT, DeletionEndpoints.TENANT_ID))
                        .anyRequest()
                        .denyAll())
                .build();
    }
}
