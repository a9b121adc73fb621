package com.bakeryia.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The configuration properties a service binds: Spring Boot's (from the metadata of its jars), its own and those
 * of the fleet libraries it embeds (from the metadata their builds generate), and the keys of its configuration
 * files. Tells whether an environment variable binds to one of them the way Spring Boot's relaxed binding maps it
 * ({@code DELETION_TOKENS_SIGNINGKEYS_0_ID} to {@code deletion.tokens.signing-keys[0].id}).
 */
public final class SpringProperties {

    private static final String METADATA = "META-INF/spring-configuration-metadata.json";
    private static final Pattern LIST_TYPE = Pattern.compile("java\\.util\\.(?:List|Set|Collection)<(.+)>");
    private static final Pattern MAP_TYPE = Pattern.compile("java\\.util\\.Map<[^,]+,\\s*(.+)>");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> BOOT = bootProperties();

    /** Canonical property name without dashes, lower case, to its declared type (null if unknown). */
    private final Map<String, @Nullable String> properties = new HashMap<>();

    private final ClassLoader types;

    private SpringProperties(ClassLoader types) {
        this.types = types;
    }

    /** The properties a service binds. */
    public static SpringProperties of(ServiceModule service) {
        List<URL> classes = new ArrayList<>();
        for (Path directory : service.classesDirectories()) {
            boolean library = !directory.startsWith(service.directory());
            if (library && !Files.isRegularFile(directory.resolve(METADATA))) {
                throw new IllegalStateException("No configuration metadata in " + directory + ": build "
                        + directory.getParent().getParent().getFileName() + " first (./mvnw -pl deployment-tests -am)");
            }
            try {
                classes.add(directory.toUri().toURL());
            } catch (MalformedURLException ex) {
                throw new IllegalArgumentException(ex);
            }
        }
        SpringProperties known = new SpringProperties(
                new URLClassLoader(classes.toArray(URL[]::new), SpringProperties.class.getClassLoader()));
        BOOT.forEach(known::add);
        for (Path directory : service.classesDirectories()) {
            Path metadata = directory.resolve(METADATA);
            if (Files.isRegularFile(metadata)) {
                try (InputStream in = Files.newInputStream(metadata)) {
                    properties(in).forEach(known::add);
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            }
        }
        service.properties().forEach(key -> known.add(key, null));
        return known;
    }

    /**
     * The property an environment variable binds to, if any: its canonical name, with list indexes and map
     * keys as they appear in the variable's name.
     */
    public Optional<String> propertyOf(String variable) {
        if (!variable.matches("[A-Z][A-Z0-9_]*")) {
            return Optional.empty();
        }
        List<String> parts = Arrays.asList(variable.toLowerCase(Locale.ROOT).split("_"));
        for (int length = parts.size(); length > 0; length--) {
            String name = String.join(".", parts.subList(0, length));
            if (!properties.containsKey(name)) {
                continue;
            }
            List<String> rest = parts.subList(length, parts.size());
            if (rest.isEmpty()) {
                return Optional.of(name);
            }
            if (bindsNested(properties.get(name), rest)) {
                return Optional.of(name + "." + String.join(".", rest));
            }
        }
        return Optional.empty();
    }

    /** Whether what follows a list or map property in a variable's name binds within its elements. */
    private boolean bindsNested(@Nullable String type, List<String> rest) {
        if (type == null) {
            return false;
        }
        Matcher list = LIST_TYPE.matcher(type);
        Matcher map = MAP_TYPE.matcher(type);
        String element;
        if (list.matches() && rest.get(0).matches("\\d+")) {
            element = list.group(1);
        } else if (map.matches()) {
            element = map.group(1);
        } else {
            return false;
        }
        List<String> fields = rest.subList(1, rest.size());
        if (fields.isEmpty()) {
            return true;
        }
        Class<?> elementType = load(element);
        if (elementType == null || !elementType.isRecord() || fields.size() != 1) {
            // Maps of strings, URIs and the like: the rest of the name is the key.
            return elementType == null || elementType.getName().startsWith("java.");
        }
        String field = fields.get(0);
        return Arrays.stream(elementType.getRecordComponents())
                .map(RecordComponent::getName)
                .anyMatch(component -> component.toLowerCase(Locale.ROOT).equals(field));
    }

    private @Nullable Class<?> load(String type) {
        String name = type.replaceAll("<.*", "");
        for (String candidate : List.of(name, name.replaceFirst("\\.([A-Z][A-Za-z0-9]*)$", "\\$$1"))) {
            try {
                return Class.forName(candidate, false, types);
            } catch (ClassNotFoundException ex) {
                // try the nested-class spelling
            }
        }
        return null;
    }

    private void add(String name, @Nullable String type) {
        String canonical = name.replaceAll("\\[\\d+]", "").replace("-", "").toLowerCase(Locale.ROOT);
        if (type != null || !properties.containsKey(canonical)) {
            properties.put(canonical, type);
        }
    }

    /** A module of this reactor on the class path (as a test dependency): bound only by the services that embed it. */
    private static boolean fleetModule(URL url) {
        String location = url.toString();
        return location.contains("/target/") || location.contains("/com/bakeryia/");
    }

    private static Map<String, String> bootProperties() {
        Map<String, String> properties = new HashMap<>();
        try {
            for (URL url :
                    Collections.list(SpringProperties.class.getClassLoader().getResources(METADATA))) {
                if (fleetModule(url)) {
                    continue;
                }
                try (InputStream in = url.openStream()) {
                    properties.putAll(properties(in));
                }
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        if (!properties.containsKey("management.server.port")) {
            throw new IllegalStateException("Spring Boot's configuration metadata is not on the classpath");
        }
        return properties;
    }

    private static Map<String, String> properties(InputStream metadata) throws IOException {
        Map<String, String> properties = new HashMap<>();
        for (JsonNode property : JSON.readTree(metadata).path("properties")) {
            properties.put(property.path("name").asText(), property.path("type").asText("java.lang.Object"));
        }
        return properties;
    }

    /** Every canonical property name known (for messages). */
    public Set<String> names() {
        return Collections.unmodifiableSet(properties.keySet());
    }
}
