package com.bakeryia.fleet.token;

import com.bakeryia.fleet.ServiceIdentity;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Map;
import org.springframework.util.Assert;

/** Signs claim sets with the first configured key, ES256, through Nimbus. */
final class NimbusClaimsSigner implements ClaimsSigner {

    private final String serviceName;
    private final ECKey signingKey;
    private final ECDSASigner signer;
    private final Clock clock;

    NimbusClaimsSigner(ServiceIdentity identity, SigningKeys keys, Clock clock) {
        this.serviceName = identity.name();
        this.signingKey = keys.signingKey();
        try {
            this.signer = new ECDSASigner(signingKey);
        } catch (JOSEException ex) {
            throw new IllegalStateException("Cannot sign with key " + signingKey.getKeyID(), ex);
        }
        this.clock = clock;
    }

    @Override
    public String sign(String type, Map<String, Object> claims) {
        Assert.hasText(type, "type must name the kind of document");
        JWTClaimsSet.Builder claimSet = new JWTClaimsSet.Builder();
        claims.forEach(claimSet::claim);
        claimSet.issuer(serviceName).issueTime(Date.from(clock.instant().truncatedTo(ChronoUnit.SECONDS)));
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .keyID(signingKey.getKeyID())
                        .type(new JOSEObjectType(type))
                        .build(),
                claimSet.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException ex) {
            throw new IllegalStateException("Cannot sign a " + type + " with key " + signingKey.getKeyID(), ex);
        }
        return jwt.serialize();
    }
}
