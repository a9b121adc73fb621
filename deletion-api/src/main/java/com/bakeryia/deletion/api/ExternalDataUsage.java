package com.bakeryia.deletion.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * How much of a tenant's data lies outside Postgres in one place (for example model files). On the
 * wire also {@code empty} ({@link #isEmpty()}), derived from the other two and ignored when read.
 *
 * @param items number of items (files, objects)
 * @param bytes their total size
 */
@JsonIgnoreProperties(value = "empty", allowGetters = true)
public record ExternalDataUsage(long items, long bytes) {

    /** Nothing stored. */
    public static final ExternalDataUsage NONE = new ExternalDataUsage(0, 0);

    /** Whether nothing is stored. */
    public boolean isEmpty() {
        return items == 0 && bytes == 0;
    }
}
