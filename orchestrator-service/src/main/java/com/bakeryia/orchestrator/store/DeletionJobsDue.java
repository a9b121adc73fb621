package com.bakeryia.orchestrator.store;

import java.util.UUID;

/**
 * A job became claimable on this instance just now (created with {@code not_before} passed, or
 * retried), so this instance's worker may claim it at once instead of at its next poll. Published
 * in the transaction that made the job due, for listeners after its commit
 * ({@code @TransactionalEventListener}).
 *
 * @param jobId the job that became due
 */
public record DeletionJobsDue(UUID jobId) {}
