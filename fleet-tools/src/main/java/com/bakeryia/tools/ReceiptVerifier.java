package com.bakeryia.tools;

import com.bakeryia.tools.SignedDocuments.VerifiedDocument;
import com.nimbusds.jose.JOSEObjectType;
import java.util.Map;

/**
 * Checks a deletion receipt offline, as an auditor would: an ES256 JWS of type
 * {@code deletion-receipt+jwt} whose signature verifies with a key of the orchestrator's receipt JWKS
 * ({@code /.well-known/receipt-jwks.json}; the service-token keys of {@code /.well-known/jwks.json}
 * do not sign receipts). The JWS checks are {@link SignedDocuments}'.
 */
public final class ReceiptVerifier {

    public static final JOSEObjectType RECEIPT_TYPE = new JOSEObjectType("deletion-receipt+jwt");

    /** A verified receipt: the key that signed it and its claims. */
    public record VerifiedReceipt(String keyId, Map<String, Object> claims) {}

    private ReceiptVerifier() {}

    /**
     * @param receipt the compact JWS
     * @param jwks the orchestrator's receipt keys (its {@code /.well-known/receipt-jwks.json})
     * @throws IllegalStateException naming what does not hold
     */
    public static VerifiedReceipt verify(String receipt, String jwks) {
        VerifiedDocument verified = SignedDocuments.verify(receipt, jwks, RECEIPT_TYPE, "the receipt");
        return new VerifiedReceipt(verified.keyId(), verified.claims());
    }
}
