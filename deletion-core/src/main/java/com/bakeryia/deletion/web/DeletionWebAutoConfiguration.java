package com.bakeryia.deletion.web;

import com.bakeryia.deletion.TenantDataDeletionService;
import com.bakeryia.deletion.api.DeletionEndpoints;
import com.bakeryia.fleet.ServiceIdentity;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.method.HandlerTypePredicate;
import org.springframework.web.servlet.config.annotation.PathMatchConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves {@code GET /api/v1/{svc}/tenant/{tenantId}/deletion-preview} and {@code DELETE
 * /api/v1/{svc}/tenant/{tenantId}}, {@code svc} being the service name without {@code -service}.
 */
@AutoConfiguration(afterName = "com.bakeryia.deletion.TenantDataDeletionAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(prefix = "deletion.endpoints", name = "enabled", matchIfMissing = true)
class DeletionWebAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    TenantDataDeletionController tenantDataDeletionController(ObjectProvider<TenantDataDeletionService> service) {
        return new TenantDataDeletionController(service);
    }

    @Bean
    @ConditionalOnMissingBean
    TenantDataDeletionExceptionHandler tenantDataDeletionExceptionHandler() {
        return new TenantDataDeletionExceptionHandler();
    }

    @Bean
    WebMvcConfigurer tenantDataDeletionPathPrefix(ServiceIdentity identity) {
        return new WebMvcConfigurer() {
            @Override
            public void configurePathMatch(PathMatchConfigurer configurer) {
                configurer.addPathPrefix(
                        DeletionEndpoints.prefix(identity.name()),
                        HandlerTypePredicate.forAssignableType(TenantDataDeletionController.class));
            }
        };
    }
}
