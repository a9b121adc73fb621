package com.bakeryia.deletion.web;

/**
 * A request found every place of its capacity taken ({@link DeletionCapacity} for deletion runs,
 * {@link ExportCapacity} for exports); nothing was done for it.
 */
final class CapacityExhaustedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int limit;
    private final long retryAfterSeconds;

    /**
     * @param what what is already in progress, for the message ({@code deletion runs}, {@code exports})
     */
    CapacityExhaustedException(String what, int limit, long retryAfterSeconds) {
        super(limit + " " + what + " are already in progress", null, false, false);
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
