package com.bakeryia.deletion;

import com.bakeryia.fleet.FleetAutoConfiguration;
import com.bakeryia.fleet.ServiceIdentity;
import com.bakeryia.fleet.retention.RetentionPurge;
import java.util.Set;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The binding of the application's {@link TenantDataDeletionService}, under the platform's {@link
 * ServiceIdentity} ({@link FleetAutoConfiguration}).
 */
@AutoConfiguration(
        after = {FleetAutoConfiguration.class, DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class})
@ConditionalOnClass(JdbcTemplate.class)
@EnableConfigurationProperties(DeletionProperties.class)
class TenantDataDeletionAutoConfiguration {

    private static final String DEFAULT_FLYWAY_TABLE = "flyway_schema_history";

    @Bean
    @ConditionalOnMissingBean
    TenantDataDeletionInitializer tenantDataDeletionInitializer(
            ListableBeanFactory beanFactory,
            ServiceIdentity identity,
            DeletionProperties properties,
            ObjectProvider<DataSource> dataSource,
            ObjectProvider<Flyway> flyway,
            ObjectProvider<TenantDataDeletionListener> listeners,
            Environment environment) {
        String flywayTable = environment.getProperty("spring.flyway.table", DEFAULT_FLYWAY_TABLE);
        return new TenantDataDeletionInitializer(
                beanFactory,
                identity,
                properties,
                dataSource,
                flyway,
                listeners,
                Set.of(flywayTable, TenantErasureFence.TABLE, TenantErasureLedger.TABLE));
    }

    @Bean
    @ConditionalOnBean(TenantDataDeletionService.class)
    @ConditionalOnMissingBean(name = "tenantErasureFencePurge")
    RetentionPurge tenantErasureFencePurge(
            DeletionProperties properties, DataSource dataSource, TenantDataDeletionService service) {
        return new ErasureRecordPurge(
                ErasureRecordPurge.FENCE,
                properties.retention().fence(),
                new JdbcTemplate(dataSource),
                service.schema().schema());
    }

    @Bean
    @ConditionalOnBean(TenantDataDeletionService.class)
    @ConditionalOnMissingBean(name = "tenantErasureLedgerPurge")
    RetentionPurge tenantErasureLedgerPurge(
            DeletionProperties properties, DataSource dataSource, TenantDataDeletionService service) {
        return new ErasureRecordPurge(
                ErasureRecordPurge.LEDGER,
                properties.retention().ledger(),
                new JdbcTemplate(dataSource),
                service.schema().schema());
    }
}
