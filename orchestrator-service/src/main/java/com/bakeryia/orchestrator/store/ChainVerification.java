package com.bakeryia.orchestrator.store;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.jspecify.annotations.Nullable;

/**
 * The result of re-walking a job's audit chain.
 *
 * @param valid whether every event's hash re-computes and links to the one before
 * @param events how many events the chain holds
 * @param head the hash of the last event (the genesis hash when there is none)
 * @param brokenAt the sequence of the first event that does not verify, if any
 * @param problem what is wrong there, if anything
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ChainVerification(
        boolean valid,
        int events,
        String head,
        @Nullable Integer brokenAt,
        @Nullable String problem) {}
