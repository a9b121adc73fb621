package com.bakeryia.deletion.web;

/** An export request found every place of {@link ExportCapacity} taken; nothing was done for it. */
final class ExportCapacityExhaustedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int limit;
    private final long retryAfterSeconds;

    ExportCapacityExhaustedException(int limit, long retryAfterSeconds) {
        super(limit + " exports are already in progress", null, false, false);
        this.limit = limit;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    int limit() {
        return limit;
    }

    long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
