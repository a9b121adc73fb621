package com.bakeryia.testkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

class FreshDatabaseContextInitializerTests {

    private static TestDatabase observer;

    @BeforeAll
    static void createObserver() {
        observer = TestPostgres.server().createDatabase();
    }

    @AfterAll
    static void dropObserver() {
        observer.close();
    }

    @Test
    void pointsTheDatasourcePropertiesAtAFreshDatabaseAheadOfOtherSources() throws SQLException {
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            context.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource(
                            "application", Map.of("spring.datasource.url", "jdbc:postgresql://elsewhere/app")));

            new FreshDatabaseContextInitializer().initialize(context);
            context.refresh();

            ConfigurableEnvironment environment = context.getEnvironment();
            String url = environment.getRequiredProperty("spring.datasource.url");
            assertThat(url).matches("jdbc:postgresql:.*/bakery_test_\\d+_[0-9a-f]{8}.*");
            assertThat(currentDatabase(TestPostgres.dataSource(
                            url,
                            environment.getRequiredProperty("spring.datasource.username"),
                            environment.getRequiredProperty("spring.datasource.password"))))
                    .isEqualTo(databaseName(url));
        }
    }

    @Test
    void givesEveryContextItsOwnDatabase() {
        try (GenericApplicationContext first = initializedContext();
                GenericApplicationContext second = initializedContext()) {
            assertThat(first.getEnvironment().getProperty("spring.datasource.url"))
                    .isNotEqualTo(second.getEnvironment().getProperty("spring.datasource.url"));
        }
    }

    @Test
    void dropsTheDatabaseWhenTheContextCloses() {
        GenericApplicationContext context = initializedContext();
        String name = databaseName(context.getEnvironment().getRequiredProperty("spring.datasource.url"));
        assertThat(ServerCatalog.databaseExists(observer, name)).isTrue();

        context.close();

        assertThat(ServerCatalog.databaseExists(observer, name)).isFalse();
    }

    @Test
    void dropsTheDatabaseOnlyAfterTheContextsBeansAreDestroyed() {
        AtomicReference<String> seenOnDestroy = new AtomicReference<>();
        GenericApplicationContext context = new GenericApplicationContext();
        new FreshDatabaseContextInitializer().initialize(context);
        context.registerBean("pool", DisposableBean.class, () -> () -> {
            ConfigurableEnvironment environment = context.getEnvironment();
            seenOnDestroy.set(currentDatabase(TestPostgres.dataSource(
                    environment.getRequiredProperty("spring.datasource.url"),
                    environment.getRequiredProperty("spring.datasource.username"),
                    environment.getRequiredProperty("spring.datasource.password"))));
        });
        context.refresh();
        String name = databaseName(context.getEnvironment().getRequiredProperty("spring.datasource.url"));

        context.close();

        assertThat(seenOnDestroy).hasValue(name);
        assertThat(ServerCatalog.databaseExists(observer, name)).isFalse();
    }

    private static GenericApplicationContext initializedContext() {
        GenericApplicationContext context = new GenericApplicationContext();
        new FreshDatabaseContextInitializer().initialize(context);
        context.refresh();
        return context;
    }

    private static String databaseName(String url) {
        String path = url.substring(url.lastIndexOf('/') + 1);
        int question = path.indexOf('?');
        return question < 0 ? path : path.substring(0, question);
    }

    private static String currentDatabase(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT current_database()")) {
            rows.next();
            return rows.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
