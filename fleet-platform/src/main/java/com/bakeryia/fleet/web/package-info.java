/**
 * The fleet's web conventions: ids in paths and query parameters as {@link java.util.UUID} through one
 * strict converter ({@link CanonicalUuidConverter}), and one catalogue of RFC 9457 problem types
 * ({@link FleetProblem}) that every service answers with.
 */
@NullMarked
package com.bakeryia.fleet.web;

import org.jspecify.annotations.NullMarked;
