package com.bakeryia.deletion.api;

/**
 * How much of a tenant's data lies outside Postgres in one place (for example model files).
 *
 * @param items number of items (files, objects)
 * @param bytes their total size
 */
public record ExternalDataUsage(long items, long bytes) {

    /** Nothing stored. */
    public static final ExternalDataUsage NONE = new ExternalDataUsage(0, 0);

    /** Whether nothing is stored. */
    public boolean isEmpty() {
        return items == 0 && bytes == 0;
    }
}
