package com.bakeryia.fleet.openapi;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.configuration.SpringDocConfiguration;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.ProblemDetail;
import org.springframework.util.StringUtils;

/**
 * The {@link OpenAPI} description springdoc starts from, when springdoc is on the class path: the
 * service's name ({@code spring.application.name}) as title, its version (build info, else the
 * jar's {@code Implementation-Version}, else {@value #UNVERSIONED}), and the bearer JWT (user or
 * service token) every operation takes, as the security scheme {@value #BEARER_JWT}. Its server is
 * {@code /}, relative to where the document is served, so that the document does not depend on the
 * host a request came through.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({OpenAPI.class, SpringDocConfiguration.class})
class OpenApiAutoConfiguration {

    static final String BEARER_JWT = "bearer-jwt";
    static final String UNVERSIONED = "unversioned";

    private static final String DESCRIPTION = "The API of %s, a service of the Bakery-IA tenant deletion fleet."
            + " Operations take a bearer JWT: an ES256 service token of a trusted service of the fleet or, where"
            + " people call (tenant-service, the orchestrator's job API), a user token of the OIDC issuer. The"
            + " actuator endpoints health, info, prometheus and jwks, the JWKS and this document are public.";

    @Bean
    @ConditionalOnMissingBean
    OpenAPI serviceOpenApi(Environment environment, ObjectProvider<BuildProperties> buildProperties) {
        String name = environment.getProperty("spring.application.name", "application");
        return new OpenAPI()
                .info(new Info()
                        .title(name)
                        .description(DESCRIPTION.formatted(name))
                        .version(version(environment, buildProperties.getIfAvailable())))
                // Relative to where the document is served: the same document whatever host name or
                // gateway a client reached the service through (springdoc would put the request's host here).
                .servers(List.of(new Server().url("/")))
                .components(new Components()
                        .addSecuritySchemes(
                                BEARER_JWT,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("JWT")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER_JWT));
    }

    /**
     * Sorts the document's tags by name: springdoc keeps them in the order it met the controllers,
     * and the document must be the same on every start (docs/api/ is compared with it).
     */
    @Bean
    OpenApiCustomizer sortedOpenApiTags() {
        return openApi -> {
            if (openApi.getTags() != null) {
                openApi.getTags().sort(Comparator.comparing(io.swagger.v3.oas.models.tags.Tag::getName));
            }
        };
    }

    /**
     * Every 4xx and 503 response an operation declares is an RFC 9457 problem ({@code
     * application/problem+json}, {@link ProblemDetail}), as every error of the fleet is: the controllers
     * declare only the status and what it means. (The deletion endpoint's 500 carries its result body and
     * stays as declared.)
     */
    @Bean
    OpenApiCustomizer problemDetailErrorResponses() {
        return openApi -> {
            if (openApi.getPaths() == null) {
                return;
            }
            Content problem = new Content()
                    .addMediaType(
                            org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                            new MediaType()
                                    .schema(new Schema<>()
                                            .$ref("#/components/schemas/" + ProblemDetail.class.getSimpleName())));
            List<io.swagger.v3.oas.models.responses.ApiResponse> errors = openApi.getPaths().values().stream()
                    .flatMap(path -> path.readOperations().stream())
                    .filter(operation -> operation.getResponses() != null)
                    .flatMap(operation -> operation.getResponses().entrySet().stream())
                    .filter(response -> response.getKey().startsWith("4")
                            || response.getKey().equals("503"))
                    .map(Map.Entry::getValue)
                    .toList();
            if (!errors.isEmpty()) {
                errors.forEach(response -> response.setContent(problem));
                ModelConverters.getInstance(openApi.getSpecVersion() == io.swagger.v3.oas.models.SpecVersion.V31)
                        .readAll(ProblemDetail.class)
                        .forEach(openApi.getComponents()::addSchemas);
            }
        };
    }

    private static String version(Environment environment, @Nullable BuildProperties build) {
        if (build != null && StringUtils.hasText(build.getVersion())) {
            return build.getVersion();
        }
        // Spring Boot sets it from the Implementation-Version of the main class's jar manifest.
        String implementationVersion = environment.getProperty("spring.application.version");
        return StringUtils.hasText(implementationVersion) ? implementationVersion : UNVERSIONED;
    }
}
