package com.bakeryia.fleet.token;

import com.bakeryia.fleet.ServiceIdentity;
import java.time.Clock;
import java.util.Map;

/**
 * Signs documents other than service tokens (for example the orchestrator's deletion receipts)
 * with keys of their own, never the service-token keys: a compact JWS, ES256, whose {@code kid}
 * names the key and whose {@code typ} names the kind of document, so that no decoder of tokens
 * takes it for a token (see {@link JoseTypes}). The service publishes the keys' public halves where
 * its verifiers find them.
 */
public interface ClaimsSigner {

    /**
     * A signer with the first of the keys.
     *
     * @param identity this service, the documents' {@code iss}
     * @param keys the document keys (not the service-token keys)
     * @param clock sets {@code iat}
     * @return the signer
     */
    static ClaimsSigner of(ServiceIdentity identity, SigningKeys keys, Clock clock) {
        return new NimbusClaimsSigner(identity, keys, clock);
    }

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
