package com.bakeryia.fleet.security;

import java.util.HashMap;
import java.util.Map;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;

/**
 * Spring Security's claim conversion without its one invention: {@link MappedJwtClaimSetConverter}
 * sets {@code iat = exp - 1s} for a token without {@code iat}, and both kinds of token of the fleet
 * must carry their own.
 */
final class TokenClaimSets implements Converter<Map<String, Object>, Map<String, Object>> {

    static final TokenClaimSets INSTANCE = new TokenClaimSets();

    private static final MappedJwtClaimSetConverter DEFAULTS = MappedJwtClaimSetConverter.withDefaults(Map.of());

    private TokenClaimSets() {}

    @Override
    public Map<String, Object> convert(Map<String, Object> claims) {
        Map<String, Object> converted = new HashMap<>(DEFAULTS.convert(claims));
        if (claims.get(JwtClaimNames.IAT) == null) {
            converted.remove(JwtClaimNames.IAT);
        }
        return converted;
    }
}
