package com.bakeryia.fleet.token;

/**
 * The JOSE {@code typ} headers of what the fleet signs. A decoder of tokens refuses a document by
 * its type before it looks at its key or claims, so that a signed document of another kind (a
 * deletion receipt) is never taken for a token.
 */
public final class JoseTypes {

    /** Service tokens ({@code typ: JWT}); a service token of any other type is refused. */
    public static final String SERVICE_TOKEN = "JWT";

    /** The orchestrator's deletion receipts; refused as a token by every decoder of the fleet. */
    public static final String DELETION_RECEIPT = "deletion-receipt+jwt";

    private JoseTypes() {}
}
