package com.bakeryia.deletion.database;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Checks of the service's database roles: the runtime role is no superuser, and the runtime role may
 * not write Flyway's history table (which the owner's default privileges would otherwise give it).
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class, before = FlywayAutoConfiguration.class)
@ConditionalOnClass(JdbcTemplate.class)
class DatabaseRolesAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(DataSource.class)
    RuntimeRoleCheck runtimeRoleCheck(ObjectProvider<DataSource> dataSource, Environment environment) {
        return new RuntimeRoleCheck(
                dataSource,
                environment.getProperty(RuntimeRoleCheck.REFUSE_PROPERTY, Boolean.class, false),
                environment.matchesProfiles(RuntimeRoleCheck.LOCAL_PROFILE));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Flyway.class)
    static class FlywayHistoryConfiguration {

        @Bean
        @ConditionalOnMissingBean
        FlywayHistoryPrivileges flywayHistoryPrivileges() {
            return new FlywayHistoryPrivileges();
        }
    }
}
