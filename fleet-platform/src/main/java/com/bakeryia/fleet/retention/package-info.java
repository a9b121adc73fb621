/**
 * Retention: what the fleet keeps after an erasure is kept for a configured period, then purged by
 * one generic, scheduled runner ({@link RetentionPurgeRunner}) over every {@link RetentionPurge}
 * bean a service (or deletion-core) declares.
 */
@NullMarked
package com.bakeryia.fleet.retention;

import org.jspecify.annotations.NullMarked;
