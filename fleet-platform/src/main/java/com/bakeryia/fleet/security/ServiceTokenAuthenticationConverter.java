package com.bakeryia.fleet.security;

import java.util.Set;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;

/**
 * Turns a verified service token of one issuer into a {@link ServiceTokenAuthenticationToken} with
 * SCOPE_ authorities for the scopes that issuer may grant ({@code deletion.security.issuer-scopes}).
 */
final class ServiceTokenAuthenticationConverter implements Converter<Jwt, AbstractAuthenticationToken> {

    private final JwtGrantedAuthoritiesConverter scopes = new JwtGrantedAuthoritiesConverter();
    private final String serviceName;
    private final Set<String> issuerScopes;

    ServiceTokenAuthenticationConverter(String serviceName, Set<String> issuerScopes) {
        this.serviceName = serviceName;
        this.issuerScopes = Set.copyOf(issuerScopes);
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        return new ServiceTokenAuthenticationToken(jwt, scopes.convert(jwt), serviceName, issuerScopes);
    }
}
