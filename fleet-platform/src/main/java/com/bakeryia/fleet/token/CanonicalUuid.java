package com.bakeryia.fleet.token;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The canonical text form of a UUID ({@code 8-4-4-4-12} hexadecimal digits), the only form the
 * fleet accepts for tenant ids in paths and in the {@link ServiceTokenClaims#TENANT_ID} claim.
 * {@link java.util.UUID#fromString(String)} alone is too lenient ({@code 1-1-1-1-1} parses).
 */
public final class CanonicalUuid {

    private static final Pattern CANONICAL =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private CanonicalUuid() {}

    /**
     * Whether the text is a UUID in canonical form (either case).
     *
     * @param text the text to test, may be {@code null}
     * @return {@code true} if {@link java.util.UUID#fromString(String)} reads it without ambiguity
     */
    public static boolean isCanonical(@Nullable String text) {
        return text != null && CANONICAL.matcher(text).matches();
    }
}
