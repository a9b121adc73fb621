/**
 * The job store: deletion jobs, their steps and their hash-chained audit trail in PostgreSQL.
 * {@link com.bakeryia.orchestrator.store.JobStore} is the one writer of {@code deletion_job} and
 * {@code deletion_step}, {@link com.bakeryia.orchestrator.store.AuditTrail} the one writer of
 * {@code deletion_audit_event}, appended to in the store's transactions only; {@link
 * com.bakeryia.orchestrator.store.AdminActions} of {@code deletion_admin_request} and {@link
 * com.bakeryia.orchestrator.store.LegalHolds} of {@code tenant_legal_hold}, each changing a job only
 * through the job store, in its own transactions.
 */
@NullMarked
package com.bakeryia.orchestrator.store;

import org.jspecify.annotations.NullMarked;
