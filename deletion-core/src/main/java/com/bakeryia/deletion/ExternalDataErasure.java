package com.bakeryia.deletion;

import com.bakeryia.deletion.api.ExternalDataUsage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenant's data that the service keeps outside PostgreSQL (files): its usage for the preview,
 * and its deletion, each place on a virtual thread of its own beside the row passes (it is its own
 * I/O), checked afterwards to have left nothing.
 */
final class ExternalDataErasure {

    private static final Logger log = LoggerFactory.getLogger(ExternalDataErasure.class);

    private final List<ExternalTenantData> places;

    ExternalDataErasure(List<ExternalTenantData> places) {
        this.places = List.copyOf(places);
    }

    Map<String, ExternalDataUsage> usage(UUID tenantId) {
        var usage = new LinkedHashMap<String, ExternalDataUsage>();
        places.forEach(data -> usage.put(data.name(), data.usage(tenantId)));
        return usage;
    }

    List<Deletion> start(UUID tenantId) {
        return places.stream()
                .map(data -> {
                    var deletion = new FutureTask<>(() -> data.delete(tenantId));
                    Thread.ofVirtual()
                            .name("external-" + data.name() + "-" + tenantId)
                            .start(deletion);
                    return new Deletion(data, deletion);
                })
                .toList();
    }

    /** Waits for the deletions, records what they removed and checks nothing is left. */
    void finish(List<Deletion> deletions, DeletionRun run) {
        UUID tenantId = run.tenantId();
        for (Deletion pending : deletions) {
            ExternalTenantData data = pending.data();
            try {
                ExternalDataDeletion deletion = pending.task().get();
                run.externalDeleted(data.name(), deletion.deleted());
                deletion.failures().forEach(run::fail);
                ExternalDataUsage left = data.usage(tenantId);
                if (!left.isEmpty()) {
                    run.unverified(data.name() + ": " + left.items() + " items (" + left.bytes()
                            + " bytes) of the tenant remain");
                }
            } catch (ExecutionException e) {
                log.warn("Deleting {} of tenant {} failed", data.name(), tenantId, e.getCause());
                run.unverified(data.name() + ": deletion failed: " + e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                run.unverified(data.name() + ": interrupted while waiting for its deletion");
            } catch (RuntimeException e) {
                log.warn("Checking {} of tenant {} failed", data.name(), tenantId, e);
                run.unverified(data.name() + ": could not check what is left: " + e);
            }
        }
    }

    /** A deletion of one place running beside the row passes. */
    record Deletion(ExternalTenantData data, FutureTask<ExternalDataDeletion> task) {}
}
