/** Deletion jobs and their steps: storage, creation, retry, cancel and the job API. */
@NullMarked
package com.bakeryia.orchestrator.job;

import org.jspecify.annotations.NullMarked;
