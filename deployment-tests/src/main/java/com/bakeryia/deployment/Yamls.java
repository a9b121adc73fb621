package com.bakeryia.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** YAML documents as plain maps and lists (SnakeYAML's safe constructor; anchors and merge keys resolved). */
public final class Yamls {

    private Yamls() {}

    /** The documents of a YAML text, empty documents left out. */
    public static List<Map<String, Object>> documents(String text, String source) {
        List<Map<String, Object>> documents = new ArrayList<>();
        try {
            for (Object document : yaml().loadAll(text)) {
                if (document == null) {
                    continue;
                }
                documents.add(asMap(document, source));
            }
        } catch (RuntimeException ex) {
            throw new IllegalArgumentException(source + " is not valid YAML: " + ex.getMessage(), ex);
        }
        return documents;
    }

    /** The single document of a YAML file. */
    public static Map<String, Object> document(Path file) {
        List<Map<String, Object>> documents = documents(read(file), file.toString());
        if (documents.size() != 1) {
            throw new IllegalArgumentException(file + " holds " + documents.size() + " YAML documents, expected one");
        }
        return documents.get(0);
    }

    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException ex) {
            throw new UncheckedIOException("Cannot read " + file, ex);
        }
    }

    /** The value at a path of keys, or null when a step is missing. */
    public static @Nullable Object at(@Nullable Object node, String... keys) {
        Object current = node;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    public static Map<String, Object> mapAt(@Nullable Object node, String... keys) {
        Object value = at(node, keys);
        return value == null ? Map.of() : asMap(value, String.join(".", keys));
    }

    public static List<Object> listAt(@Nullable Object node, String... keys) {
        Object value = at(node, keys);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException(String.join(".", keys) + " is not a list: " + value);
        }
        return new ArrayList<>(list);
    }

    public static @Nullable String stringAt(@Nullable Object node, String... keys) {
        Object value = at(node, keys);
        return value == null ? null : String.valueOf(value);
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> asMap(Object value, String what) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(what + " is not a mapping: " + value);
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, item) -> copy.put(String.valueOf(key), item));
        return copy;
    }

    /** Nested mappings flattened to Spring-style keys: {@code a.b[0].c}. */
    public static Map<String, Object> flatten(Map<String, Object> document) {
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten("", document, flat);
        return flat;
    }

    private static void flatten(String prefix, @Nullable Object node, Map<String, Object> flat) {
        if (node instanceof Map<?, ?> map) {
            map.forEach(
                    (key, value) -> flatten(prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key, value, flat));
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                flatten(prefix + "[" + i + "]", list.get(i), flat);
            }
        } else {
            flat.put(prefix, Objects.requireNonNullElse(node, ""));
        }
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new Yaml(new SafeConstructor(options));
    }
}
