package com.bakeryia.tools;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.util.Map;

/**
 * Checks a deletion receipt offline, as an auditor would: an ES256 JWS of type
 * {@code deletion-receipt+jwt} whose signature verifies with a key of the orchestrator's receipt JWKS
 * ({@code /.well-known/receipt-jwks.json}; the service-token keys of {@code /.well-known/jwks.json}
 * do not sign receipts).
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
        try {
            SignedJWT jws = SignedJWT.parse(receipt);
            if (!JWSAlgorithm.ES256.equals(jws.getHeader().getAlgorithm())) {
                throw new IllegalStateException(
                        "receipt is signed with " + jws.getHeader().getAlgorithm() + ", not ES256");
            }
            if (!RECEIPT_TYPE.equals(jws.getHeader().getType())) {
                throw new IllegalStateException(
                        "receipt has typ " + jws.getHeader().getType() + ", not " + RECEIPT_TYPE);
            }
            String kid = jws.getHeader().getKeyID();
            JWK key = JWKSet.parse(jwks).getKeyByKeyId(kid);
            if (!(key instanceof ECKey ecKey)) {
                throw new IllegalStateException(
                        "no EC key '" + kid + "' in the orchestrator's receipt JWKS (/.well-known/receipt-jwks.json)");
            }
            if (!jws.verify(new ECDSAVerifier(ecKey))) {
                throw new IllegalStateException("the receipt's signature does not verify with key " + kid);
            }
            JWTClaimsSet claims = jws.getJWTClaimsSet();
            return new VerifiedReceipt(kid, claims.toJSONObject());
        } catch (ParseException e) {
            throw new IllegalStateException("not a receipt (compact JWS) or not a JWKS: " + e.getMessage(), e);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot verify the receipt: " + e.getMessage(), e);
        }
    }
}
