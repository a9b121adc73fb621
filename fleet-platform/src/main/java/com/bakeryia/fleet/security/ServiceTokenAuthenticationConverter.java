package com.bakeryia.fleet.security;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;

/** Turns a verified service token into a {@link ServiceTokenAuthenticationToken} with SCOPE_ authorities. */
final class ServiceTokenAuthenticationConverter implements Converter<Jwt, AbstractAuthenticationToken> {

    private final JwtGrantedAuthoritiesConverter scopes = new JwtGrantedAuthoritiesConverter();
    private final String serviceName;

    ServiceTokenAuthenticationConverter(String serviceName) {
        this.serviceName = serviceName;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        return new ServiceTokenAuthenticationToken(jwt, scopes.convert(jwt), serviceName);
    }
}
