package com.bakeryia.fleet.retention;

import java.time.Instant;

/**
 * One kind of record kept for a retention period and purged afterwards. Declare it as a bean; the
 * {@link RetentionPurgeRunner} calls it on a schedule, batch after batch, each batch in a short
 * transaction of its own, until a batch deletes fewer rows than it was allowed.
 *
 * <p>A batch must be safe to run on several instances at once and twice over the same rows (a
 * {@code DELETE ... WHERE id IN (SELECT ... LIMIT n)} is: the second finds the rows gone).
 */
public interface RetentionPurge {

    /**
     * What is purged, the {@code what} tag of the metrics and the log line, for example {@code
     * tenant-tombstones}: lower-case words joined by hyphens.
     */
    String name();

    /**
     * Purges at most {@code batch} records whose retention ended by {@code now}.
     *
     * @param now the runner's clock at the start of the run
     * @param batch the most records to purge
     * @return how many were purged (deleted, or for a redaction, redacted)
     */
    int purgeBatch(Instant now, int batch);

    /**
     * A purge of this name that runs {@code batch}.
     *
     * @param name see {@link #name()}
     * @param batch see {@link #purgeBatch(Instant, int)}
     */
    static RetentionPurge named(String name, Batch batch) {
        return new RetentionPurge() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int purgeBatch(Instant now, int size) {
                return batch.purge(now, size);
            }

            @Override
            public String toString() {
                return "RetentionPurge[" + name + "]";
            }
        };
    }

    /** One batch of a purge (see {@link #purgeBatch(Instant, int)}). */
    @FunctionalInterface
    interface Batch {

        /**
         * @return how many records were purged
         */
        int purge(Instant now, int batch);
    }
}
