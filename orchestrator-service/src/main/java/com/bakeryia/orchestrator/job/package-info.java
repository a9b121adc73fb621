/**
 * The job API: create, read, list, retry and cancel deletion jobs, administrators' four-eyes actions,
 * and legal holds on a tenant's erasure.
 */
@NullMarked
package com.bakeryia.orchestrator.job;

import org.jspecify.annotations.NullMarked;
