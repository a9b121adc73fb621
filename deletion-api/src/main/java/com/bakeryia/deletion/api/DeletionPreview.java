package com.bakeryia.deletion.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What a deletion of the tenant would erase in one service, read without changing anything.
 *
 * @param tenantId the tenant
 * @param serviceName the service
 * @param counts rows per erased table, in deletion order (zero included)
 * @param retained tables whose rows are kept, with their legal basis
 * @param external data outside Postgres, per place
 * @param total sum of {@code counts}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DeletionPreview(
        UUID tenantId,
        String serviceName,
        Map<String, Long> counts,
        Map<String, String> retained,
        Map<String, ExternalDataUsage> external,
        long total) {

    public DeletionPreview {
        counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
        retained = Collections.unmodifiableMap(new LinkedHashMap<>(retained));
        external = Collections.unmodifiableMap(new LinkedHashMap<>(external));
    }
}
