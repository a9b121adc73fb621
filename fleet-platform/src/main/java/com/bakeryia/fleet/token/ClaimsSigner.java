package com.bakeryia.fleet.token;

import java.util.Map;

/**
 * Signs documents other than service tokens (for example the orchestrator's deletion receipts)
 * with this service's signing key: a compact JWS, ES256, whose {@code kid} names the key, so
 * anyone verifies it with the public keys this service publishes at {@code
 * /.well-known/jwks.json}. Present when {@code deletion.tokens.signing-enabled=true}, like {@link
 * ServiceTokenIssuer}.
 */
public interface ClaimsSigner {

    /**
     * Signs a claim set.
     *
     * @param type the {@code typ} header naming the kind of document, e.g. {@code
     *     deletion-receipt+jwt}
     * @param claims the claims, as JSON values (strings, numbers, booleans, lists and maps of
     *     them); {@code iss} (this service's name) and {@code iat} (now) are set by the signer and
     *     replace any given
     * @return the compact serialization of the signed JWT
     */
    String sign(String type, Map<String, Object> claims);
}
