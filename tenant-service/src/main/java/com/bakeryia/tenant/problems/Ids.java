package com.bakeryia.tenant.problems;

import com.bakeryia.fleet.token.CanonicalUuid;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Reads ids from paths and bodies: only canonical UUIDs are accepted, anything else is a 400 problem. */
public final class Ids {

    private Ids() {}

    /**
     * The id, or a {@link ProblemType#INVALID_ID} problem naming the parameter and the value.
     *
     * @param name the path variable or body field, for the detail
     * @param value the text sent
     */
    public static UUID parse(String name, @Nullable String value) {
        if (!CanonicalUuid.isCanonical(value)) {
            throw new ProblemException(
                    ProblemType.INVALID_ID, name + " '" + value + "' is not a canonical UUID (8-4-4-4-12 hex digits)");
        }
        return UUID.fromString(value);
    }
}
