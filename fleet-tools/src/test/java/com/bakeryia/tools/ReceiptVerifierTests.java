package com.bakeryia.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import org.junit.jupiter.api.Test;

/** ReceiptVerifier on SignedDocuments, which it shares with ExportVerifier. */
class ReceiptVerifierTests {

    private final ECKey key = generate("orchestrator-receipts-test");
    private final String jwks = new JWKSet(key.toPublicJWK()).toString();

    @Test
    void verifiesAReceiptAndReturnsItsKeyAndClaims() {
        var verified = ReceiptVerifier.verify(sign(key, ReceiptVerifier.RECEIPT_TYPE, "{\"job_id\":\"j1\"}"), jwks);

        assertThat(verified.keyId()).isEqualTo("orchestrator-receipts-test");
        assertThat(verified.claims()).containsEntry("job_id", "j1");
    }

    @Test
    void refusesAnExportManifestAsReceipt() {
        String manifest = sign(key, ExportVerifier.MANIFEST_TYPE, "{\"format\":\"bakery-ia-tenant-export/1\"}");

        assertThatThrownBy(() -> ReceiptVerifier.verify(manifest, jwks))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the receipt has typ tenant-export-manifest+jwt, not deletion-receipt+jwt");
    }

    @Test
    void refusesAReceiptWithAChangedClaim() {
        String receipt = sign(key, ReceiptVerifier.RECEIPT_TYPE, "{\"job_id\":\"j1\"}");
        String[] parts = receipt.split("\\.");
        String forged = parts[0] + "." + new Payload("{\"job_id\":\"j2\"}").toBase64URL() + "." + parts[2];

        assertThatThrownBy(() -> ReceiptVerifier.verify(forged, jwks))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the receipt's signature does not verify with key orchestrator-receipts-test");
    }

    @Test
    void refusesTextThatIsNoJws() {
        assertThatThrownBy(() -> ReceiptVerifier.verify("not a receipt", jwks))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not a compact JWS");
    }

    private static String sign(ECKey key, JOSEObjectType type, String claims) {
        JWSObject jws = new JWSObject(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .keyID(key.getKeyID())
                        .type(type)
                        .build(),
                new Payload(claims));
        try {
            jws.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jws.serialize();
    }

    private static ECKey generate(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
