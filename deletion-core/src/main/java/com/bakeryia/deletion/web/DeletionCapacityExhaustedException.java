package com.bakeryia.deletion.web;

/** A delete request found every place of {@link DeletionCapacity} taken; nothing was done for it. */
final class DeletionCapacityExhaustedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int limit;
    private final long retryAfterSeconds;

    DeletionCapacityExhaustedException(int limit, long retryAfterSeconds) {
        super(limit + " deletion runs are already in progress", null, false, false);
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
