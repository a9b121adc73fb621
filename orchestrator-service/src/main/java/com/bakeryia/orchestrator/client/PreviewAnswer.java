package com.bakeryia.orchestrator.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A service's answer to {@code GET /api/v1/{svc}/tenant/{tenantId}/deletion-preview}.
 *
 * @param counts rows per erased table
 * @param retained tables kept, with their legal basis
 * @param external data outside the database, per kind ({@code items}, {@code bytes})
 * @param total rows over all erased tables
 */
public record PreviewAnswer(Map<String, Long> counts, Map<String, String> retained, JsonNode external, long total) {}
