package com.bakeryia.fleet.token;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Publishes the public halves of this service's signing keys for the services it calls. */
@RestController
@Tag(name = "Signing keys", description = "The public keys that verify what this service signs.")
class JwksController {

    static final String PATH = "/.well-known/jwks.json";

    private final SigningKeys keys;

    JwksController(SigningKeys keys) {
        this.keys = keys;
    }

    @GetMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            operationId = "getJwks",
            summary = "Get the public keys of this service's service tokens (JWKS)",
            description = "The JWK set of the EC P-256 keys this service signs its ES256 service tokens (and, in the"
                    + " orchestrator, deletion receipts) with; every configured key is listed, so that rotated keys"
                    + " still verify. Public: no token is needed; the same keys are served at /actuator/jwks.")
    // Public: none of the document's bearer-jwt requirement.
    @SecurityRequirements
    Map<String, Object> jwks() {
        return keys.publicKeys().toJSONObject(true);
    }
}
