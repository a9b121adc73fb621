package com.bakeryia.fleet.web;

import com.bakeryia.fleet.token.CanonicalUuid;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.core.convert.converter.Converter;

/**
 * The one way the fleet reads an id: only the canonical {@code 8-4-4-4-12} text of a UUID, in
 * either case ({@link CanonicalUuid}). Registered for Spring MVC by {@link FleetWebAutoConfiguration},
 * so that {@code @PathVariable UUID} and {@code @RequestParam UUID} parameters refuse {@code 1-1-1-1-1},
 * which {@link UUID#fromString(String)} alone would read; request bodies get the same rule through
 * the Jackson module of the same auto-configuration.
 */
public final class CanonicalUuidConverter implements Converter<String, UUID> {

    @Override
    public UUID convert(String source) {
        if (!CanonicalUuid.isCanonical(source)) {
            throw new NotCanonicalException();
        }
        return UUID.fromString(source);
    }

    /**
     * Reads an id from text that is not bound by Spring (a token claim, a path variable seen by an
     * authorization rule, a stored value).
     *
     * @param text the text, may be {@code null}
     * @return the id, or empty when the text is not a canonical UUID
     */
    public static Optional<UUID> parse(@Nullable String text) {
        return CanonicalUuid.isCanonical(text) ? Optional.of(UUID.fromString(text)) : Optional.empty();
    }

    /** Thrown by {@link #convert(String)}; Spring MVC wraps it in its type mismatch. */
    static final class NotCanonicalException extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        NotCanonicalException() {
            super("Not a canonical UUID (8-4-4-4-12 hexadecimal digits)");
        }
    }
}
