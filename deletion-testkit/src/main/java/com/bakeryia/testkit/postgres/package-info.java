/**
 * PostgreSQL for tests: one server per JVM ({@link com.bakeryia.testkit.postgres.TestPostgres}), a
 * fresh database per test or per Spring test context.
 */
@NullMarked
package com.bakeryia.testkit.postgres;

import org.jspecify.annotations.NullMarked;
