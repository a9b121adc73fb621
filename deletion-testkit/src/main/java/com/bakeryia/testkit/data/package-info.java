/**
 * Tenant data for tests and tools: a generator that fills every tenant-owned table of a schema from
 * its catalog, and an inspector that counts, checksums and checks the foreign keys of that data.
 */
@NullMarked
package com.bakeryia.testkit.data;

import org.jspecify.annotations.NullMarked;
