package com.bakeryia.fleet.token;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Issues the short-lived service tokens (ES256 JWTs) this service presents when it calls another
 * service of the fleet. The issuer and subject are this service's name; the callee checks them
 * against the keys this service publishes at {@code /.well-known/jwks.json}.
 */
public interface ServiceTokenIssuer {

    /**
     * Signs a token for one call.
     *
     * @param audience the name of the called service, e.g. {@code orders-service}
     * @param scope the scope the call needs, one of {@link ServiceTokenScopes}
     * @param tenantId the one tenant the call acts on
     * @param jobId the deletion job the call belongs to, if any
     * @return the compact serialization of the signed token, for an {@code Authorization: Bearer}
     *     header
     */
    String issue(String audience, String scope, UUID tenantId, @Nullable UUID jobId);
}
