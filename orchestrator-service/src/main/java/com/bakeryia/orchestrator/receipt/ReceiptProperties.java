package com.bakeryia.orchestrator.receipt;

import com.bakeryia.fleet.FleetProperties.SigningKey;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How receipts are signed.
 *
 * @param signingKeys the receipts' own EC P-256 keys (PEM files), never the service-token keys:
 *     the first signs, all are published at {@code /.well-known/receipt-jwks.json}, so a receipt
 *     signed with a retired key still verifies while it is listed. Required outside the {@code
 *     local} profile, which generates an ephemeral {@code receipt-ephemeral-<uuid>}
 */
@ConfigurationProperties("orchestrator.receipts")
public record ReceiptProperties(@DefaultValue List<SigningKey> signingKeys) {

    /** The property of the keys, for messages. */
    public static final String SIGNING_KEYS = "orchestrator.receipts.signing-keys";
}
