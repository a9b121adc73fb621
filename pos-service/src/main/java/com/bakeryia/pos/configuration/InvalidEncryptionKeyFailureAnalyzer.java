package com.bakeryia.pos.configuration;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a missing or malformed credentials key in the start-up failure report, without the key. */
class InvalidEncryptionKeyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidEncryptionKeyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidEncryptionKeyException cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Provide the key in the environment variable POS_CREDENTIALS_KEY (or the property"
                        + " pos.credentials.encryption-key). For local development only, run with the 'local'"
                        + " profile, which uses a dev-only key.",
                cause);
    }
}
