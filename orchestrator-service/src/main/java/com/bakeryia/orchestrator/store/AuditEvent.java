package com.bakeryia.orchestrator.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One event of a job's audit chain.
 *
 * @param sequence position in the job's chain, from 1
 * @param at when it happened (microseconds)
 * @param payload what happened, as JSON; {@code {"redacted":true}} once the retention redacted it
 * @param payloadHash SHA-256 (hex) of the canonical payload (hash version v2); null for an event of
 *     hash version v1 (written before V5), whose hash covers the payload itself
 * @param prevHash the hash of the event before (64 zeros for the first)
 * @param hash SHA-256 (hex) over the hash version, job id, sequence, time, type, payloadHash (v1: the
 *     canonical payload) and prevHash
 */
public record AuditEvent(
        UUID jobId,
        int sequence,
        Instant at,
        String type,
        JsonNode payload,
        @Nullable String payloadHash,
        String prevHash,
        String hash) {

    /** Whether the retention replaced the payload by the marker (only a v2 event can be). */
    public boolean redacted() {
        return payloadHash != null && AuditTrail.isRedacted(payload);
    }
}
