/**
 * Running jobs: workers claim due jobs under a lease renewed by a heartbeat, fan the steps out on
 * virtual threads and write every state change through the job store, fenced by the lease's version.
 */
@NullMarked
package com.bakeryia.orchestrator.execution;

import org.jspecify.annotations.NullMarked;
