package com.bakeryia.fleet.token;

import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.http.MediaType;

/**
 * The actuator endpoint {@code jwks}: the same public keys as {@code /.well-known/jwks.json}, on
 * the management port when {@code management.server.port} is set, so that the services which
 * verify this one's tokens can fetch its keys there while the application port stays closed to
 * them.
 */
@WebEndpoint(id = JwksEndpoint.ID)
class JwksEndpoint {

    static final String ID = "jwks";

    private final SigningKeys keys;

    JwksEndpoint(SigningKeys keys) {
        this.keys = keys;
    }

    @ReadOperation(produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> jwks() {
        return keys.publicKeys().toJSONObject(true);
    }
}
