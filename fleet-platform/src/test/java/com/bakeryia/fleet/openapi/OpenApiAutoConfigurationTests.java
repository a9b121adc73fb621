package com.bakeryia.fleet.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springdoc.core.configuration.SpringDocConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

class OpenApiAutoConfigurationTests {

    private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(OpenApiAutoConfiguration.class))
            .withPropertyValues("spring.application.name=orders-service");

    @Test
    void describesTheServiceAndItsBearerJwtScheme() {
        contextRunner.run(context -> {
            OpenAPI openApi = context.getBean(OpenAPI.class);

            assertThat(openApi.getInfo().getTitle()).isEqualTo("orders-service");
            assertThat(openApi.getInfo().getDescription()).contains("orders-service");
            assertThat(openApi.getInfo().getVersion()).isEqualTo("unversioned");
            SecurityScheme scheme = openApi.getComponents().getSecuritySchemes().get("bearer-jwt");
            assertThat(scheme.getType()).isEqualTo(SecurityScheme.Type.HTTP);
            assertThat(scheme.getScheme()).isEqualTo("bearer");
            assertThat(scheme.getBearerFormat()).isEqualTo("JWT");
            assertThat(openApi.getSecurity()).containsExactly(new SecurityRequirement().addList("bearer-jwt"));
            assertThat(openApi.getServers()).extracting(Server::getUrl).containsExactly("/");
        });
    }

    @Test
    void takesTheVersionFromTheJarManifest() {
        // Spring Boot sets spring.application.version from the main class's Implementation-Version.
        contextRunner
                .withPropertyValues("spring.application.version=1.2.3")
                .run(context -> assertThat(
                                context.getBean(OpenAPI.class).getInfo().getVersion())
                        .isEqualTo("1.2.3"));
    }

    @Test
    void prefersTheVersionOfTheBuildInfo() {
        Properties build = new Properties();
        build.setProperty("version", "2.0.0-build");
        contextRunner
                .withPropertyValues("spring.application.version=1.2.3")
                .withBean(BuildProperties.class, () -> new BuildProperties(build))
                .run(context -> assertThat(
                                context.getBean(OpenAPI.class).getInfo().getVersion())
                        .isEqualTo("2.0.0-build"));
    }

    @Test
    void anOpenApiOfTheApplicationWins() {
        contextRunner
                .withBean("custom", OpenAPI.class, () -> new OpenAPI().info(new Info().title("custom")))
                .run(context -> assertThat(context).getBeanNames(OpenAPI.class).containsExactly("custom"));
    }

    @Test
    void describesNothingWithoutSpringdoc() {
        contextRunner
                .withClassLoader(new FilteredClassLoader(SpringDocConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(OpenAPI.class));
    }

    @Test
    void describesNothingOutsideAWebApplication() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(OpenApiAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(OpenAPI.class));
    }
}
