package com.bakeryia.orchestrator.store;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** Why a job (or a step) is FAILED: what retrying cannot fix. */
public enum FailureReason {
    /** A service answered a 4xx other than 408 and 429, or an answer that did not verify. */
    REJECTED("rejected"),
    /** Rows of the tenant survived every pass of a service. */
    RESIDUE("residue"),
    /** The job's deadline passed before it completed. */
    DEADLINE("deadline"),
    /** A step's service is not among the enabled {@code orchestrator.services}. */
    NOT_CONFIGURED("not-configured");

    private final String code;

    FailureReason(String code) {
        this.code = code;
    }

    /** The name in the API, the audit trail and the database ({@code not-configured}). */
    @JsonValue
    public String code() {
        return code;
    }

    static FailureReason of(String code) {
        return Arrays.stream(values())
                .filter(reason -> reason.code.equals(code))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("Unknown failure reason " + code));
    }
}
