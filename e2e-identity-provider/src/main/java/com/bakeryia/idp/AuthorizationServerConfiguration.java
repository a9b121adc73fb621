package com.bakeryia.idp;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * Spring Authorization Server with OIDC, a login form, in-memory users and clients from {@link
 * IdentityProviderProperties}, and a fresh RSA key per start.
 */
@Configuration(proxyBeanMethods = false)
class AuthorizationServerConfiguration {

    static final String ROLE_PREFIX = "ROLE_";

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServerSecurityFilterChain(HttpSecurity http) throws Exception {
        OAuth2AuthorizationServerConfigurer authorizationServer =
                OAuth2AuthorizationServerConfigurer.authorizationServer();
        return http.securityMatcher(authorizationServer.getEndpointsMatcher())
                .with(authorizationServer, server -> server.oidc(Customizer.withDefaults()))
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint("/login"), new MediaTypeRequestMatcher(MediaType.ALL)))
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain loginSecurityFilterChain(HttpSecurity http, Clock clock) throws Exception {
        return http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .formLogin(login -> login.authenticationDetailsSource(request -> new LoginTime(clock.instant())))
                .build();
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    UserDetailsService users(IdentityProviderProperties properties) {
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        return new InMemoryUserDetailsManager(properties.users().stream()
                .map(user -> User.withUsername(UUID.fromString(user.id()).toString())
                        .password(encoder.encode(user.password()))
                        .authorities(user.roles().stream()
                                .map(role -> ROLE_PREFIX + role)
                                .toArray(String[]::new))
                        .build())
                .toList());
    }

    @Bean
    RegisteredClientRepository clients(IdentityProviderProperties properties) {
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        return new InMemoryRegisteredClientRepository(properties.clients().stream()
                .map(client -> RegisteredClient.withId(client.id())
                        .clientId(client.id())
                        .clientSecret(encoder.encode(client.secret()))
                        .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                        .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                        .redirectUri(client.redirectUri().toString())
                        .scope(OidcScopes.OPENID)
                        .scopes(scopes -> scopes.addAll(client.scopes()))
                        .clientSettings(ClientSettings.builder()
                                .requireProofKey(true)
                                .requireAuthorizationConsent(false)
                                .build())
                        .tokenSettings(TokenSettings.builder()
                                .accessTokenTimeToLive(Duration.ofMinutes(10))
                                .build())
                        .build())
                .toList());
    }

    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> realmRolesAndAuthTime() {
        return context -> {
            if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
                return;
            }
            List<String> roles = context.getPrincipal().getAuthorities().stream()
                    .map(GrantedAuthority::getAuthority)
                    .filter(authority -> authority.startsWith(ROLE_PREFIX))
                    .map(authority -> authority.substring(ROLE_PREFIX.length()))
                    .toList();
            context.getClaims().claim("realm_access", Map.of("roles", roles));
            if (context.getPrincipal().getDetails() instanceof LoginTime login) {
                context.getClaims().claim("auth_time", login.at().getEpochSecond());
            }
        };
    }

    @Bean
    JWKSource<SecurityContext> signingKeys() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("idp-" + UUID.randomUUID()).generate();
        return new ImmutableJWKSet<>(new JWKSet(key));
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings(IdentityProviderProperties properties) {
        AuthorizationServerSettings.Builder settings = AuthorizationServerSettings.builder();
        if (properties.issuer() != null) {
            settings.issuer(properties.issuer().toString());
        }
        return settings.build();
    }
}
