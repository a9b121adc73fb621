package com.bakeryia.orchestrator.receipt;

/** The job has no receipt (yet): it is not COMPLETED, or its audit chain does not verify. */
public final class NoReceiptException extends RuntimeException {

    NoReceiptException(String reason) {
        super(reason);
    }
}
