/** The services a job calls, from configuration ({@code orchestrator.services.*}). */
@NullMarked
package com.bakeryia.orchestrator.registry;

import org.jspecify.annotations.NullMarked;
