/** The append-only, hash-chained audit trail of every job. */
@NullMarked
package com.bakeryia.orchestrator.audit;

import org.jspecify.annotations.NullMarked;
