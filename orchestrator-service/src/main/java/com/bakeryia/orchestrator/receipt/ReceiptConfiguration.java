package com.bakeryia.orchestrator.receipt;

import com.bakeryia.fleet.ServiceIdentity;
import com.bakeryia.fleet.token.ClaimsSigner;
import com.bakeryia.fleet.token.SigningKeys;
import com.bakeryia.orchestrator.store.AuditTrail;
import com.bakeryia.orchestrator.store.JobStore;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Receipts signed with their own key ({@code orchestrator.receipts.signing-keys}), published at
 * {@code /.well-known/receipt-jwks.json}; the {@code local} profile generates an ephemeral one.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReceiptProperties.class)
class ReceiptConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ReceiptConfiguration.class);

    private static final String LOCAL_PROFILE = "local";

    @Bean
    ReceiptKeys receiptKeys(ReceiptProperties properties, Environment environment) {
        List<com.bakeryia.fleet.FleetProperties.SigningKey> configured = properties.signingKeys();
        if (!configured.isEmpty()) {
            return new ReceiptKeys(SigningKeys.load(configured, ReceiptProperties.SIGNING_KEYS));
        }
        if (environment.matchesProfiles(LOCAL_PROFILE)) {
            SigningKeys generated = SigningKeys.ephemeral("receipt-ephemeral-");
            log.warn(
                    "Signing receipts with an ephemeral EC P-256 key ({}) generated at start-up because no {} is"
                            + " configured: dev only (profile 'local'); its receipts stop verifying when this process"
                            + " stops",
                    generated.signingKey().getKeyID(),
                    ReceiptProperties.SIGNING_KEYS);
            return new ReceiptKeys(generated);
        }
        String key = ReceiptProperties.SIGNING_KEYS + "[0]";
        throw new InvalidConfigurationPropertyValueException(
                ReceiptProperties.SIGNING_KEYS,
                configured,
                "Receipts are signed with their own key, not the service-token key: set " + key + ".id, " + key
                        + ".private-key and " + key + ".public-key (env ORCHESTRATOR_RECEIPTS_SIGNINGKEYS_0_ID,"
                        + " _PRIVATEKEY, _PUBLICKEY) to an EC P-256 key pair in PEM files (only the 'local' profile"
                        + " generates an ephemeral key)");
    }

    @Bean
    DeletionReceipts deletionReceipts(
            JobStore jobs, AuditTrail audit, ReceiptKeys keys, ServiceIdentity identity, Clock clock) {
        return new DeletionReceipts(jobs, audit, ClaimsSigner.of(identity, keys.keys(), clock));
    }

    @Bean
    ReceiptJwksController receiptJwksController(ReceiptKeys keys) {
        return new ReceiptJwksController(keys);
    }
}
