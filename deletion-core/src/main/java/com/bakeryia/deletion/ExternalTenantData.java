package com.bakeryia.deletion;

import com.bakeryia.deletion.api.ExternalDataUsage;
import java.util.UUID;

/**
 * A tenant's data that a service keeps outside its schema (files on disk, objects in a store). A
 * {@link TenantDataDeletionService} returns these from {@link
 * TenantDataDeletionService#externalData()}; preview reports their usage, delete removes them after
 * the rows and verification fails while any usage remains.
 */
public interface ExternalTenantData {

    /** Name in previews and results, for example {@code model-artifact-files}. */
    String name();

    /** What the tenant has stored here now; must be read-only. */
    ExternalDataUsage usage(UUID tenantId);

    /**
     * Removes everything of the tenant. Must not throw for items it cannot remove: it reports them
     * in {@link ExternalDataDeletion#failures()}, so the run fails naming them.
     */
    ExternalDataDeletion delete(UUID tenantId);
}
