/** The audit API: a job's hash-chained audit events and whether their chain verifies. */
@NullMarked
package com.bakeryia.orchestrator.audit;

import org.jspecify.annotations.NullMarked;
