package com.bakeryia.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/** The profile {@code local} starts only on a laptop, unless the override says otherwise. */
class LocalProfileGuardTests {

    private static final String LOCAL = "--spring.profiles.active=local";

    @Test
    void refusesTheLocalProfileInsideKubernetes() {
        assertThatExceptionOfType(LocalProfileGuard.LocalProfileRefusedException.class)
                .isThrownBy(() -> start(LOCAL, "--KUBERNETES_SERVICE_HOST=10.96.0.1"))
                .withMessageContaining("KUBERNETES_SERVICE_HOST is set (10.96.0.1)")
                .withMessageContaining("deletion.local-profile.allow-non-local=true");
    }

    @Test
    void refusesTheLocalProfileAgainstARemoteDatabase() {
        assertThatExceptionOfType(LocalProfileGuard.LocalProfileRefusedException.class)
                .isThrownBy(() -> start(LOCAL, "--DB_URL=jdbc:postgresql://postgres:5432/bakery"))
                .withMessageContaining("the database host postgres of spring.datasource.url (DB_URL) is not loopback")
                .withMessageContaining("deletion.local-profile.allow-non-local=true");
        assertThatExceptionOfType(LocalProfileGuard.LocalProfileRefusedException.class)
                .isThrownBy(() -> start(
                        "--spring.profiles.active=prod,local",
                        "--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432,db.internal:5432/bakery"))
                .withMessageContaining("host db.internal ");
        assertThatExceptionOfType(LocalProfileGuard.LocalProfileRefusedException.class)
                .isThrownBy(() -> start(LOCAL, "--DB_URL=jdbc:postgresql://10.0.0.7/bakery"));
    }

    @Test
    void startsTheLocalProfileOnALaptop() {
        assertThatNoException().isThrownBy(() -> start(LOCAL));
        assertThatNoException().isThrownBy(() -> start(LOCAL, "--DB_URL=jdbc:postgresql://localhost:5433/bakery"));
        assertThatNoException().isThrownBy(() -> start(LOCAL, "--DB_URL=jdbc:postgresql://[::1]:5432/bakery"));
        assertThatNoException().isThrownBy(() -> start(LOCAL, "--DB_URL=jdbc:postgresql://127.0.0.2/bakery"));
    }

    @Test
    void startsWhenTheOverrideSaysSo() {
        assertThatNoException()
                .isThrownBy(() -> start(
                        LOCAL,
                        "--DB_URL=jdbc:postgresql://postgres:5432/bakery",
                        "--KUBERNETES_SERVICE_HOST=10.96.0.1",
                        "--deletion.local-profile.allow-non-local=true"));
    }

    @Test
    void leavesOtherProfilesAlone() {
        assertThatNoException()
                .isThrownBy(() -> start(
                        "--DB_URL=jdbc:postgresql://postgres:5432/bakery", "--KUBERNETES_SERVICE_HOST=10.96.0.1"));
    }

    @Test
    void readsTheHostsOfAJdbcUrl() {
        assertThat(LocalProfileGuard.hosts("jdbc:postgresql://user:pw@a.example:5432,[::1]:5433,b/db?ssl=true"))
                .containsExactly("a.example", "::1", "b");
        assertThat(LocalProfileGuard.hosts("jdbc:postgresql:bakery")).isEmpty();
        assertThat(LocalProfileGuard.hosts("jdbc:postgresql:///bakery")).isEmpty();
        assertThat(LocalProfileGuard.isLoopback("127.8.9.10")).isTrue();
        assertThat(LocalProfileGuard.isLoopback("LOCALHOST")).isTrue();
        assertThat(LocalProfileGuard.isLoopback("128.0.0.1")).isFalse();
        assertThat(LocalProfileGuard.isLoopback("localhost.evil.example")).isFalse();
        assertThat(LocalProfileGuard.isLoopback("postgres")).isFalse();
    }

    private static void start(String... args) {
        SpringApplication application = new SpringApplication(Empty.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        try (ConfigurableApplicationContext context = application.run(args)) {
            assertThat(context.isActive()).isTrue();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Empty {}
}
