/**
 * The services a job calls, from configuration ({@code orchestrator.services.*}), whose defaults come from the
 * fleet's roster ({@code fleet.yaml}).
 */
@NullMarked
package com.bakeryia.orchestrator.registry;

import org.jspecify.annotations.NullMarked;
