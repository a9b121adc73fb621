package com.bakeryia.testkit.postgres;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives a Spring application context a fresh database of {@link TestPostgres#server()} and drops it
 * when the context closes:
 *
 * <pre>{@code
 * @SpringBootTest
 * @ContextConfiguration(initializers = FreshDatabaseContextInitializer.class)
 * class OrdersIntegrationTests { ... }
 * }</pre>
 *
 * The database's {@code spring.datasource.url}, {@code username} and {@code password} go into a
 * property source ahead of all others ({@value #PROPERTY_SOURCE_NAME}). The database is dropped after
 * the context's beans are destroyed, so the connection pool has closed by then; where the bean
 * factory does not allow that, it is dropped on {@link ContextClosedEvent}, terminating the
 * connections still open.
 */
public class FreshDatabaseContextInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    /** Name of the property source holding the fresh database's {@code spring.datasource.*} properties. */
    public static final String PROPERTY_SOURCE_NAME = "bakeryFreshTestDatabase";

    private static final String DROPPER_BEAN_NAME = "bakeryFreshTestDatabaseDropper";
    private static final Logger log = LoggerFactory.getLogger(FreshDatabaseContextInitializer.class);

    /** Creates the database and points the context at it. */
    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestDatabase database = TestPostgres.server().createDatabase();
        context.getEnvironment()
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        PROPERTY_SOURCE_NAME,
                        Map.of(
                                "spring.datasource.url", database.jdbcUrl(),
                                "spring.datasource.username", database.username(),
                                "spring.datasource.password", database.password())));
        context.addBeanFactoryPostProcessor(beanFactory -> dropAfterBeansAreDestroyed(beanFactory, database, context));
    }

    private static void dropAfterBeansAreDestroyed(
            ConfigurableListableBeanFactory beanFactory,
            TestDatabase database,
            ConfigurableApplicationContext context) {
        if (beanFactory instanceof DefaultSingletonBeanRegistry registry) {
            registry.registerDisposableBean(DROPPER_BEAN_NAME, () -> drop(database));
        } else {
            context.addApplicationListener(event -> {
                if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() == context) {
                    drop(database);
                }
            });
        }
    }

    /** A context closed by the JVM's shutdown hook may outlive the server (a stopped container). */
    private static void drop(TestDatabase database) {
        try {
            database.close();
        } catch (RuntimeException e) {
            log.warn("Could not drop test database {}: {}", database.name(), e.getMessage());
        }
    }
}
