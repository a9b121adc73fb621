package com.bakeryia.idp;

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

    public static void main(String[] args) {
        SpringApplication.run(IdentityProviderApplication.class, args);
    }
}
