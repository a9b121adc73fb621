package com.bakeryia.fleet.security;

import com.bakeryia.fleet.token.JoseTypes;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import org.jspecify.annotations.Nullable;

/**
 * The JOSE {@code typ} rule of the fleet's decoders, checked by Nimbus before the key is looked up:
 * a deletion receipt is never a token, whichever claims it carries; a service token is {@code JWT}.
 * User tokens otherwise keep whatever type their identity provider sets (none, {@code JWT}, {@code
 * at+jwt}).
 */
final class TokenTypes implements JOSEObjectTypeVerifier<SecurityContext> {

    static final TokenTypes SERVICE_TOKENS = new TokenTypes(true);
    static final TokenTypes USER_TOKENS = new TokenTypes(false);

    static final String RECEIPT_IS_NO_TOKEN = "A deletion receipt is not a token";

    private static final JOSEObjectType RECEIPT = new JOSEObjectType(JoseTypes.DELETION_RECEIPT);
    private static final JOSEObjectType SERVICE_TOKEN = new JOSEObjectType(JoseTypes.SERVICE_TOKEN);

    private final boolean serviceTokens;

    private TokenTypes(boolean serviceTokens) {
        this.serviceTokens = serviceTokens;
    }

    @Override
    public void verify(@Nullable JOSEObjectType type, @Nullable SecurityContext context) throws BadJOSEException {
        if (type != null && RECEIPT.getType().equalsIgnoreCase(type.getType())) {
            throw new RejectedType(RECEIPT_IS_NO_TOKEN);
        }
        if (serviceTokens && !SERVICE_TOKEN.equals(type)) {
            throw new RejectedType("A service token must have the JOSE header typ " + SERVICE_TOKEN + ", not "
                    + (type != null ? type : "none"));
        }
    }

    /** A token refused for its type; its message is the whole reason. */
    static final class RejectedType extends BadJOSEException {

        private static final long serialVersionUID = 1L;

        RejectedType(String message) {
            super(message);
        }
    }
}
