package com.bakeryia.deletion.web;

import com.bakeryia.deletion.DeletionProperties;
import java.time.Duration;

/**
 * How many exports the export endpoint serves at once ({@code deletion.export.max-concurrent}),
 * apart from the deletion runs' {@link DeletionCapacity}, so that exports never take a deletion's
 * place; beyond it an export is refused at once with {@code Retry-After} ({@code
 * deletion.busy-retry-after}).
 */
final class ExportCapacity {

    private final DeletionCapacity places;

    private ExportCapacity(DeletionCapacity places) {
        this.places = places;
    }

    static ExportCapacity of(DeletionProperties properties) {
        return new ExportCapacity(
                new DeletionCapacity(properties.export().maxConcurrent(), Duration.ZERO, properties.busyRetryAfter()));
    }

    /** Takes an export's place if one is free, without waiting. */
    boolean tryAcquire() {
        return places.tryAcquire();
    }

    /** Gives back the place of an export that ended. */
    void release() {
        places.release();
    }

    int limit() {
        return places.limit();
    }

    long retryAfterSeconds() {
        return places.retryAfterSeconds();
    }
}
