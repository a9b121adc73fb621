package com.bakeryia.testkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class PostgresUrlTests {

    @Test
    void replacesTheDatabaseAndKeepsOtherParameters() {
        PostgresUrl url = PostgresUrl.parse("jdbc:postgresql://db.example:6543/postgres?sslmode=require&user=app");

        assertThat(url.withDatabase("bakery_test_1_ab")
                        .withoutParameters("user")
                        .jdbcUrl())
                .isEqualTo("jdbc:postgresql://db.example:6543/bakery_test_1_ab?sslmode=require");
    }

    @Test
    void readsDecodedCredentialsFromParameters() {
        PostgresUrl url = PostgresUrl.parse("jdbc:postgresql://h/postgres?user=bakery&password=p%40ss%26word");

        assertThat(url.parameter("user")).isEqualTo("bakery");
        assertThat(url.parameter("password")).isEqualTo("p@ss&word");
        assertThat(url.parameter("sslmode")).isNull();
    }

    @Test
    void addsADatabaseToAUrlThatNamesNone() {
        assertThat(PostgresUrl.parse("jdbc:postgresql://h1:5432,h2:5432")
                        .withDatabase("d")
                        .jdbcUrl())
                .isEqualTo("jdbc:postgresql://h1:5432,h2:5432/d");
        assertThat(PostgresUrl.parse("jdbc:postgresql:postgres")
                        .withDatabase("d")
                        .jdbcUrl())
                .isEqualTo("jdbc:postgresql:d");
    }

    @Test
    void rejectsUrlsOfOtherDatabases() {
        assertThatIllegalArgumentException().isThrownBy(() -> PostgresUrl.parse("jdbc:mysql://h/db"));
    }
}
