package com.bakeryia.deletion;

import com.bakeryia.deletion.api.ExternalDataUsage;
import java.util.List;

/**
 * What deleting a tenant's data outside Postgres did.
 *
 * @param deleted what was removed
 * @param failures one message per item that could not be removed, naming it
 */
public record ExternalDataDeletion(ExternalDataUsage deleted, List<String> failures) {

    public ExternalDataDeletion {
        failures = List.copyOf(failures);
    }
}
