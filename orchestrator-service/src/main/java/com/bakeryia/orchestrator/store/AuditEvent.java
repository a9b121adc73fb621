package com.bakeryia.orchestrator.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/**
 * One event of a job's audit chain.
 *
 * @param sequence position in the job's chain, from 1
 * @param at when it happened (microseconds)
 * @param payload what happened, as JSON
 * @param prevHash the hash of the event before (64 zeros for the first)
 * @param hash SHA-256 (hex) over the job id, sequence, time, type, canonical payload and prevHash
 */
public record AuditEvent(
        UUID jobId, int sequence, Instant at, String type, JsonNode payload, String prevHash, String hash) {}
