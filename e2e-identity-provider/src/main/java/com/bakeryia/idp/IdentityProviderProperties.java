package com.bakeryia.idp;

import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The provider's issuer, users and clients. Dev and test only: the passwords are plain text.
 *
 * @param issuer the issuer ({@code iss}, and where discovery is served); unset: the URL of each request
 * @param users the people who may log in
 * @param clients the registered clients (confidential, authorization code with PKCE)
 */
@ConfigurationProperties("idp")
public record IdentityProviderProperties(
        @Nullable URI issuer,
        @DefaultValue List<User> users,
        @DefaultValue List<Client> clients) {

    /**
     * One user.
     *
     * @param id the user id, a UUID: the login name and the tokens' {@code sub}
     * @param password the password of the login form
     * @param roles realm roles, issued in {@code realm_access.roles}
     */
    public record User(
            String id, String password, @DefaultValue List<String> roles) {}

    /**
     * One client.
     *
     * @param id the client id, the access tokens' {@code aud}
     * @param secret the client secret (HTTP basic at the token endpoint)
     * @param redirectUri where the code is sent
     * @param scopes scopes the client may ask for besides {@code openid}
     */
    public record Client(
            String id,
            String secret,
            URI redirectUri,
            @DefaultValue List<String> scopes) {}
}
