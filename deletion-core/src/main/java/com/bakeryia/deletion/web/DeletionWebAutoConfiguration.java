package com.bakeryia.deletion.web;

import com.bakeryia.deletion.DeletionProperties;
import com.bakeryia.deletion.TenantDataDeletionService;
import com.bakeryia.deletion.api.DeletionEndpoints;
import com.bakeryia.fleet.ServiceIdentity;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.method.HandlerTypePredicate;
import org.springframework.web.servlet.config.annotation.PathMatchConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves {@code GET /api/v1/{svc}/tenant/{tenantId}/deletion-preview}, {@code DELETE
 * /api/v1/{svc}/tenant/{tenantId}} and {@code GET /api/v1/{svc}/tenant/{tenantId}/export}, {@code
 * svc} being the service name without {@code -service}; at most {@code
 * deletion.max-concurrent-runs} deletions ({@link DeletionCapacity}) and, apart from them, {@code
 * deletion.export.max-concurrent} exports ({@link ExportCapacity}) at once.
 */
@AutoConfiguration(afterName = "com.bakeryia.deletion.TenantDataDeletionAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(prefix = "deletion.endpoints", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(DeletionProperties.class)
class DeletionWebAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    DeletionCapacity tenantDataDeletionCapacity(DeletionProperties properties, ObjectProvider<DataSource> dataSource) {
        return DeletionCapacity.of(properties, dataSource.getIfUnique());
    }

    @Bean
    @ConditionalOnMissingBean
    TenantDataDeletionController tenantDataDeletionController(
            ObjectProvider<TenantDataDeletionService> service, DeletionCapacity capacity) {
        return new TenantDataDeletionController(service, capacity);
    }

    @Bean
    @ConditionalOnMissingBean
    ExportCapacity tenantDataExportCapacity(DeletionProperties properties) {
        return ExportCapacity.of(properties);
    }

    @Bean
    @ConditionalOnMissingBean
    TenantDataExportController tenantDataExportController(
            ObjectProvider<TenantDataDeletionService> service, ExportCapacity capacity, ServiceIdentity identity) {
        return new TenantDataExportController(service, capacity, identity);
    }

    @Bean
    @ConditionalOnMissingBean
    TenantDataExportExceptionHandler tenantDataExportExceptionHandler() {
        return new TenantDataExportExceptionHandler();
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
                        HandlerTypePredicate.forAssignableType(
                                TenantDataDeletionController.class, TenantDataExportController.class));
            }
        };
    }
}
