package com.bakeryia.orchestrator.receipt;

import com.bakeryia.fleet.security.PublicEndpoints;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /.well-known/receipt-jwks.json}: the public keys that verify receipts. */
@RestController
@Tag(name = "Deletion receipts", description = "Signed proof of what a completed deletion job erased.")
class ReceiptJwksController {

    static final String PATH = PublicEndpoints.RECEIPT_JWKS_PATH;

    private final ReceiptKeys keys;

    ReceiptJwksController(ReceiptKeys keys) {
        this.keys = keys;
    }

    @GetMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            operationId = "getReceiptJwks",
            summary = "Get the public keys of deletion receipts (JWKS)",
            description = "The JWK set of the EC P-256 keys the orchestrator signs its ES256 deletion receipts"
                    + " (typ deletion-receipt+jwt) with; every configured receipt key is listed, so that receipts of a"
                    + " rotated key still verify. Not the service-token keys of /.well-known/jwks.json. Public: no"
                    + " token is needed.")
    // Public: none of the document's bearer-jwt requirement.
    @SecurityRequirements
    Map<String, Object> jwks() {
        return keys.keys().publicKeys().toJSONObject(true);
    }
}
