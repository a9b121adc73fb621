/** The orchestrator's connections to its database: the timeouts every one of them runs with. */
@NullMarked
package com.bakeryia.orchestrator.database;

import org.jspecify.annotations.NullMarked;
