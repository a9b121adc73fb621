package com.bakeryia.testkit.contract;

import com.bakeryia.fleet.token.ServiceTokenScopes;
import com.bakeryia.testkit.token.TestTokenAuthority;
import com.bakeryia.testkit.token.TestTokenAuthority.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Every way a call to a deletion endpoint (the preview or the delete) must be refused, with the
 * status it must get and what its problem's {@code detail} must say.
 */
public enum RejectedToken {
    NO_TOKEN(401, "A bearer token is required"),
    FORGED_SIGNATURE(401, "does not verify with the keys of issuer 'orchestrator-service'"),
    EXPIRED(401, "The bearer token is expired"),
    WITHOUT_EXPIRY(401, "The bearer token has no expiry (exp claim)"),
    WITHOUT_ISSUED_AT(401, "The bearer token has no issue time (iat claim)"),
    LIVING_LONGER_THAN_FIVE_MINUTES(401, "(exp - iat), longer than the accepted"),
    UNTRUSTED_ISSUER(401, "Token issuer 'rogue-service' is not trusted"),
    SIGNED_WITH_HS256(401, "algorithm is HS256, only ES256 is accepted"),
    SIGNED_WITH_RS256(401, "algorithm is RS256, only ES256 is accepted"),
    UNSIGNED(401, "The bearer token"),
    /**
     * A person's token (issuer an identity provider, {@code sub} a user id, no tenant claim): the
     * deletion endpoints take service tokens only. A service that also takes user tokens
     * (tenant-service) refuses it for its signature instead.
     */
    USER_TOKEN(401, "(is not trusted|does not verify|[Ss]ignature|[Ii]nvalid)"),
    /** A service token must name exactly one audience, not this service and another. */
    FOR_TWO_SERVICES(401, "A service token must name exactly one audience"),
    /** A deletion receipt is refused as a token by its JOSE type, whatever claims it carries. */
    A_DELETION_RECEIPT(401, "A deletion receipt is not a token"),
    /** A service token's JOSE type must be JWT. */
    WITHOUT_JWT_TYPE(401, "A service token must have the JOSE header typ JWT, not none"),
    FOR_ANOTHER_SERVICE(403, "The token is addressed to [another-service], not to "),
    WITH_THE_OTHER_SCOPE_ONLY(403, "The token does not grant scope "),
    FOR_ANOTHER_TENANT(403, " for tenant ");

    /** The issuer of {@link #USER_TOKEN}: an identity provider, not a service. */
    public static final String USER_TOKEN_ISSUER = "https://login.bakery-ia.example/";

    private final int status;
    private final String detail;

    RejectedToken(int status, String detail) {
        this.status = status;
        this.detail = detail;
    }

    /** The HTTP status the service must answer with. */
    public int status() {
        return status;
    }

    /**
     * What the problem's {@code detail} must contain for a call to the endpoint that needs {@code
     * scope} for {@code tenant}: a literal text, a regular expression for {@link #USER_TOKEN}.
     */
    public Pattern detail(String scope, UUID tenant) {
        return switch (this) {
            case USER_TOKEN -> Pattern.compile(detail);
            case WITH_THE_OTHER_SCOPE_ONLY -> Pattern.compile(Pattern.quote(detail + scope));
            case FOR_ANOTHER_TENANT -> Pattern.compile(Pattern.quote("scope " + scope + detail + tenant));
            default -> Pattern.compile(Pattern.quote(detail));
        };
    }

    /** The bearer token for a DELETE of {@code tenant} at {@code audience}; null for no token. */
    public @Nullable String mint(TestTokenAuthority authority, String audience, UUID tenant) {
        return mint(authority, audience, tenant, ServiceTokenScopes.TENANT_DATA_DELETE);
    }

    /**
     * The bearer token for a call to {@code audience}'s endpoint that needs {@code scope} for {@code
     * tenant}; null for no token.
     */
    public @Nullable String mint(TestTokenAuthority authority, String audience, UUID tenant, String scope) {
        TestTokenAuthority.Builder token =
                authority.token().audience(audience).scope(scope).tenant(tenant);
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
            case USER_TOKEN:
                return authority
                        .token()
                        .issuer(USER_TOKEN_ISSUER)
                        .subject(UUID.randomUUID().toString())
                        .audience(audience)
                        .jobId(null)
                        .claim("roles", java.util.List.of("deletion-ops"))
                        .signature(Signature.RS256)
                        .sign();
            case FOR_TWO_SERVICES:
                return token.claim("aud", java.util.List.of(audience, "another-service"))
                        .audience(null)
                        .sign();
            case A_DELETION_RECEIPT:
                return token.type("deletion-receipt+jwt").sign();
            case WITHOUT_JWT_TYPE:
                return token.type(null).sign();
            case FOR_ANOTHER_SERVICE:
                return token.audience("another-service").sign();
            case WITH_THE_OTHER_SCOPE_ONLY:
                return token.scope(
                                scope.equals(ServiceTokenScopes.TENANT_DATA_DELETE)
                                        ? ServiceTokenScopes.TENANT_DATA_PREVIEW
                                        : ServiceTokenScopes.TENANT_DATA_DELETE)
                        .sign();
            case FOR_ANOTHER_TENANT:
                return token.tenant(UUID.randomUUID()).sign();
            default:
                throw new IllegalStateException("Unhandled case " + this);
        }
    }
}
