package com.bakeryia.deletion;

import com.bakeryia.deletion.api.ExternalDataUsage;
import java.io.IOException;
import java.util.UUID;

/**
 * A tenant's data that a service keeps outside its schema (files on disk, objects in a store). A
 * {@link TenantDataDeletionService} returns these from {@link
 * TenantDataDeletionService#externalData()}; preview reports their usage, delete removes them after
 * the rows and verification fails while any usage remains, and export writes them into the
 * tenant's archive.
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

    /**
     * Writes everything of the tenant to the sink, one item at a time, its content streamed (never
     * held in memory); must be read-only. It is the tenant's copy of what {@link #usage(UUID)}
     * counts: an item it cannot read fails the export (throw), it is never skipped.
     *
     * @param tenantId the tenant
     * @param sink where each item goes, under a path relative to this data (see {@link
     *     ExternalDataExport#write})
     * @throws IOException when an item cannot be read or the sink fails; the export is then aborted
     */
    void export(UUID tenantId, ExternalDataExport sink) throws IOException;
}
