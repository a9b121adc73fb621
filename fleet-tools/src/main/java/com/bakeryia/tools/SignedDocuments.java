package com.bakeryia.tools;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.util.Map;

/**
 * Checks, offline, a document the orchestrator signed with its receipt key (a deletion receipt, an
 * export's manifest): a compact JWS, ES256, of the expected {@code typ}, whose signature verifies
 * with the key of its {@code kid} in the orchestrator's receipt JWKS ({@code
 * /.well-known/receipt-jwks.json}; the service-token keys of {@code /.well-known/jwks.json} do not
 * sign documents). The one place {@link ReceiptVerifier} and {@link ExportVerifier} share.
 */
public final class SignedDocuments {

    /**
     * A verified document.
     *
     * @param keyId the key that signed it
     * @param claims its claims
     * @param payload the claims as signed: the JSON text of the JWS payload
     */
    public record VerifiedDocument(String keyId, Map<String, Object> claims, String payload) {}

    private SignedDocuments() {}

    /**
     * @param jws the compact JWS
     * @param jwks the orchestrator's receipt keys (its {@code /.well-known/receipt-jwks.json})
     * @param type the {@code typ} the document must have
     * @param document what the document is, for the messages ("receipt", "manifest.jws")
     * @throws IllegalStateException naming what does not hold
     */
    public static VerifiedDocument verify(String jws, String jwks, JOSEObjectType type, String document) {
        try {
            SignedJWT signed = SignedJWT.parse(jws.strip());
            if (!JWSAlgorithm.ES256.equals(signed.getHeader().getAlgorithm())) {
                throw new IllegalStateException(
                        document + " is signed with " + signed.getHeader().getAlgorithm() + ", not ES256");
            }
            if (!type.equals(signed.getHeader().getType())) {
                throw new IllegalStateException(
                        document + " has typ " + signed.getHeader().getType() + ", not " + type);
            }
            String kid = signed.getHeader().getKeyID();
            JWK key = JWKSet.parse(jwks).getKeyByKeyId(kid);
            if (!(key instanceof ECKey ecKey)) {
                throw new IllegalStateException(
                        "no EC key '" + kid + "' in the orchestrator's receipt JWKS (/.well-known/receipt-jwks.json)");
            }
            if (!signed.verify(new ECDSAVerifier(ecKey))) {
                throw new IllegalStateException(document + "'s signature does not verify with key " + kid);
            }
            return new VerifiedDocument(
                    kid,
                    signed.getJWTClaimsSet().toJSONObject(),
                    signed.getPayload().toString());
        } catch (ParseException e) {
            throw new IllegalStateException(
                    document + " is not a compact JWS, or the JWKS is not one: " + e.getMessage(), e);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot verify " + document + ": " + e.getMessage(), e);
        }
    }
}
