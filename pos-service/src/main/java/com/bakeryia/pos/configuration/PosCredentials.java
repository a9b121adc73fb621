package com.bakeryia.pos.configuration;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The secrets a POS provider needs (API key, access token, webhook signing secret ...), by name.
 * {@link #toString()} names the entries and never shows a value.
 *
 * @param secrets secret values by name, for example {@code api_key}
 */
public record PosCredentials(Map<String, String> secrets) {

    public PosCredentials {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("POS credentials need at least one secret");
        }
        secrets = Collections.unmodifiableMap(new TreeMap<>(secrets));
    }

    @Override
    public String toString() {
        return "PosCredentials[" + secrets.keySet() + " (values redacted)]";
    }
}
