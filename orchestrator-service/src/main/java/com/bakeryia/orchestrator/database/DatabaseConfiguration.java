package com.bakeryia.orchestrator.database;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DatabaseProperties.class)
class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

    /**
     * Gives the connection pool the {@link DatabaseProperties} timeouts as its connection-init SQL,
     * before it opens its first connection. Static and reading the environment itself, as a bean
     * post-processor is created before the configuration properties beans.
     */
    @Bean
    static BeanPostProcessor databaseTimeouts(Environment environment) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof HikariDataSource pool) {
                    DatabaseProperties timeouts =
                            Binder.get(environment).bindOrCreate("orchestrator.database", DatabaseProperties.class);
                    if (pool.getConnectionInitSql() != null) {
                        throw new IllegalStateException(
                                "spring.datasource.hikari.connection-init-sql is set (" + pool.getConnectionInitSql()
                                        + "); the orchestrator sets it from orchestrator.database.*");
                    }
                    pool.setConnectionInitSql(timeouts.connectionInitSql());
                    log.info(
                            "Database connections run with statement_timeout {} and lock_timeout {}",
                            timeouts.statementTimeout(),
                            timeouts.lockTimeout());
                }
                return bean;
            }
        };
    }
}
