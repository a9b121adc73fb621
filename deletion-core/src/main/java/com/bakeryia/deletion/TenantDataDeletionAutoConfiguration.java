package com.bakeryia.deletion;

import java.util.Set;
import javax.sql.DataSource;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.StringUtils;

/** The service identity and the binding of the application's {@link TenantDataDeletionService}. */
@AutoConfiguration(after = {DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class})
@ConditionalOnClass(JdbcTemplate.class)
@EnableConfigurationProperties(DeletionProperties.class)
class TenantDataDeletionAutoConfiguration {

    private static final String DEFAULT_FLYWAY_TABLE = "flyway_schema_history";

    @Bean
    @ConditionalOnMissingBean
    ServiceIdentity serviceIdentity(DeletionProperties properties, Environment environment) {
        String name = StringUtils.hasText(properties.serviceName())
                ? properties.serviceName()
                : environment.getProperty("spring.application.name");
        if (!StringUtils.hasText(name)) {
            throw new IllegalStateException(
                    "Set deletion.service-name or spring.application.name to this service's name, e.g. orders-service");
        }
        return new ServiceIdentity(name);
    }

    @Bean
    @ConditionalOnMissingBean
    TenantDataDeletionInitializer tenantDataDeletionInitializer(
            ListableBeanFactory beanFactory,
            ServiceIdentity identity,
            DeletionProperties properties,
            ObjectProvider<DataSource> dataSource,
            ObjectProvider<TenantDataDeletionListener> listeners,
            Environment environment) {
        String flywayTable = environment.getProperty("spring.flyway.table", DEFAULT_FLYWAY_TABLE);
        return new TenantDataDeletionInitializer(
                beanFactory,
                identity,
                properties,
                dataSource,
                listeners,
                Set.of(flywayTable, TenantErasureFence.TABLE));
    }
}
