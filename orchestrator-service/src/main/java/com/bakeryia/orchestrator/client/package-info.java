/** Calls to the services' deletion endpoints: fresh service tokens, timeouts, retry, circuit breaker and bulkhead per service. */
@NullMarked
package com.bakeryia.orchestrator.client;

import org.jspecify.annotations.NullMarked;
