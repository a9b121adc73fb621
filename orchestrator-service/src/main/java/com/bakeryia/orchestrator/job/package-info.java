/** The job API: create, read, list, retry and cancel deletion jobs. */
@NullMarked
package com.bakeryia.orchestrator.job;

import org.jspecify.annotations.NullMarked;
