/** What a deletion of a tenant would erase, aggregated over every service. */
@NullMarked
package com.bakeryia.orchestrator.preview;

import org.jspecify.annotations.NullMarked;
