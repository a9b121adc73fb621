package com.bakeryia.idp;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * TEST ONLY: an OpenID provider for the end-to-end suite (Spring Authorization Server), started as a
 * process of its own. It issues what a real provider of the fleet issues: RS256 access tokens with
 * {@code aud} = the client, {@code auth_time} of the login, and the user's roles where Keycloak puts
 * realm roles ({@code realm_access.roles}); with discovery and a JWKS.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IdentityProviderApplication {

    /**
     * Its settings are defaults set here rather than an {@code application.yml}: a module with one
     * is a service of the fleet to the deployment checks, and this is none. The suite sets {@code
     * PORT}, {@code IDP_ISSUER}, {@code IDP_USERS_<i>_*} and {@code IDP_CLIENTS_<i>_*}.
     */
    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(IdentityProviderApplication.class);
        application.setDefaultProperties(Map.of(
                "spring.application.name", "e2e-identity-provider",
                "spring.threads.virtual.enabled", "true",
                "server.port", "${PORT:18120}"));
        application.run(args);
    }
}
