package com.bakeryia.testkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TestPostgresTests {

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
    void returnsOneServerPerJvm() {
        assertThat(TestPostgres.server()).isSameAs(TestPostgres.server());
    }

    @Test
    void createsAUsableDatabaseThatIsGoneAfterClose() throws SQLException {
        TestDatabase database = TestPostgres.server().createDatabase();
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE t (id int PRIMARY KEY)");
            statement.execute("INSERT INTO t VALUES (1), (2)");
            try (ResultSet rows = statement.executeQuery("SELECT count(*), current_database() FROM t")) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(2);
                assertThat(rows.getString(2)).isEqualTo(database.name());
            }
        }
        assertThat(exists(database.name())).isTrue();

        database.close();

        assertThat(exists(database.name())).isFalse();
    }

    @Test
    void namesDatabasesWithEpochSecondsAndRandomHex() {
        long before = Instant.now().getEpochSecond();
        try (TestDatabase first = TestPostgres.server().createDatabase();
                TestDatabase second = TestPostgres.server().createDatabase()) {
            assertThat(first.name()).matches("bakery_test_\\d+_[0-9a-f]{8}");
            assertThat(Long.parseLong(first.name().split("_")[2])).isBetween(before, before + 60);
            assertThat(first.name()).isNotEqualTo(second.name());
            assertThat(first.jdbcUrl()).contains("/" + first.name()).doesNotContain("password=");
        }
    }

    @Test
    void closingTwiceDoesNothingTheSecondTime() {
        TestDatabase database = TestPostgres.server().createDatabase();
        database.close();
        database.close();

        assertThat(exists(database.name())).isFalse();
    }

    @Test
    void dropsLeftOverDatabasesOlderThanSixHoursWhenCreatingOne() throws SQLException {
        long now = Instant.now().getEpochSecond();
        String stale = "bakery_test_" + (now - TestPostgres.STALE_AFTER.toSeconds() - 60) + "_0badc0de";
        String recent = "bakery_test_" + (now - 3600) + "_0badc0de";
        execute("CREATE DATABASE " + stale);
        execute("CREATE DATABASE " + recent);
        try {
            TestPostgres.server().createDatabase().close();

            assertThat(exists(stale)).isFalse();
            assertThat(exists(recent)).isTrue();
        } finally {
            execute("DROP DATABASE IF EXISTS " + stale);
            execute("DROP DATABASE IF EXISTS " + recent);
        }
    }

    @Test
    void takesCredentialsFromTheVariablesBeforeTheUrlAndNeverShowsThePassword() {
        TestPostgres server = TestPostgres.fromUrl(
                "jdbc:postgresql://db.example:5432/postgres?user=fromurl&password=secret", "fromvariable", null);

        assertThat(server.description())
                .contains("db.example:5432/postgres")
                .doesNotContain("secret")
                .doesNotContain("fromurl");
    }

    @Test
    void rejectsAConfiguredUrlThatIsNotPostgres() {
        assertThatIllegalStateException()
                .isThrownBy(() -> TestPostgres.fromUrl("jdbc:h2:mem:x", null, null))
                .withMessageContaining(TestPostgres.URL_VARIABLE);
    }

    private static boolean exists(String name) {
        return ServerCatalog.databaseExists(observer, name);
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = observer.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
