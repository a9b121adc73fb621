/** Job and step metrics published through Micrometer. */
@NullMarked
package com.bakeryia.orchestrator.metrics;

import org.jspecify.annotations.NullMarked;
