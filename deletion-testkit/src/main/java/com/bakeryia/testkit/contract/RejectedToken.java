package com.bakeryia.testkit.contract;

import com.bakeryia.fleet.token.ServiceTokenScopes;
import com.bakeryia.testkit.token.TestTokenAuthority;
import com.bakeryia.testkit.token.TestTokenAuthority.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Every way a call to the delete endpoint must be refused, with the status it must get. */
public enum RejectedToken {
    NO_TOKEN(401),
    FORGED_SIGNATURE(401),
    EXPIRED(401),
    WITHOUT_EXPIRY(401),
    WITHOUT_ISSUED_AT(401),
    LIVING_LONGER_THAN_FIVE_MINUTES(401),
    UNTRUSTED_ISSUER(401),
    SIGNED_WITH_HS256(401),
    SIGNED_WITH_RS256(401),
    UNSIGNED(401),
    FOR_ANOTHER_SERVICE(403),
    WITH_PREVIEW_SCOPE_ONLY(403),
    FOR_ANOTHER_TENANT(403);

    private final int status;

    RejectedToken(int status) {
        this.status = status;
    }

    /** The HTTP status the service must answer with. */
    public int status() {
        return status;
    }

    /** The bearer token for a DELETE of {@code tenant} at {@code audience}; null for no token. */
    public @Nullable String mint(TestTokenAuthority authority, String audience, UUID tenant) {
        TestTokenAuthority.Builder token = authority
                .token()
                .audience(audience)
                .scope(ServiceTokenScopes.TENANT_DATA_DELETE)
                .tenant(tenant);
        Instant now = Instant.now();
        switch (this) {
            case NO_TOKEN:
                return null;
            case FORGED_SIGNATURE:
                return token.signature(Signature.FOREIGN_KEY).sign();
            case EXPIRED:
                return token.issuedAt(now.minus(Duration.ofMinutes(4)))
                        .expiresAt(now.minus(Duration.ofMinutes(2)))
                        .sign();
            case WITHOUT_EXPIRY:
                return token.expiresAt(null).sign();
            case WITHOUT_ISSUED_AT:
                return token.issuedAt(null).sign();
            case LIVING_LONGER_THAN_FIVE_MINUTES:
                return token.expiresAt(now.plus(Duration.ofMinutes(30))).sign();
            case UNTRUSTED_ISSUER:
                return token.issuer("rogue-service").sign();
            case SIGNED_WITH_HS256:
                return token.signature(Signature.HS256).sign();
            case SIGNED_WITH_RS256:
                return token.signature(Signature.RS256).sign();
            case UNSIGNED:
                return token.signature(Signature.NONE).sign();
            case FOR_ANOTHER_SERVICE:
                return token.audience("another-service").sign();
            case WITH_PREVIEW_SCOPE_ONLY:
                return token.scope(ServiceTokenScopes.TENANT_DATA_PREVIEW).sign();
            case FOR_ANOTHER_TENANT:
                return token.tenant(UUID.randomUUID()).sign();
            default:
                throw new IllegalStateException("Unhandled case " + this);
        }
    }
}
