package com.bakeryia.deployment;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A runnable service of the fleet as its own configuration files say.
 *
 * @param name the Spring application name (and the module's directory)
 * @param directory the module's directory
 * @param port the default of {@code server.port}
 * @param variables environment variables its configuration files read through placeholders: for each, the
 *     profiles whose files read it ({@code default} for the files every profile reads) with the placeholder's
 *     default there ({@code ""} for {@code ${X:}}, null for {@code ${X}})
 * @param profiles the profiles that have a configuration file of their own ({@code application-<profile>.yml})
 * @param properties the property keys its configuration files set (flattened, list indexes removed)
 * @param settings the default profile's values of its configuration files (placeholders not resolved)
 * @param classesDirectories its compiled classes and those of the fleet libraries it embeds (fleet-platform, and
 *     deletion-core for a service that holds tenant data): where the configuration metadata is
 */
public record ServiceModule(
        String name,
        Path directory,
        int port,
        Map<String, Map<String, @Nullable String>> variables,
        Set<String> profiles,
        Set<String> properties,
        Map<String, String> settings,
        List<Path> classesDirectories) {

    public static final String DEFAULT_PROFILE = "default";

    /** Whether a configuration file read with the given active profiles reads the variable. */
    public boolean reads(String variable, Set<String> activeProfiles) {
        Map<String, @Nullable String> profiles = variables.get(variable);
        return profiles != null
                && (profiles.containsKey(DEFAULT_PROFILE)
                        || profiles.keySet().stream().anyMatch(activeProfiles::contains));
    }

    /**
     * The variables a deployment must set with these active profiles: those whose default points at 127.0.0.1
     * or localhost (a laptop's value, wrong in any container), and, when the service runs with its production
     * configuration (no active profile has a file of its own), those read without a default or with an empty
     * one. A profile's file (the dev profile {@code local}) supplies its own values for the latter.
     */
    public Set<String> variablesToSet(Set<String> activeProfiles) {
        boolean production = activeProfiles.stream().noneMatch(profiles::contains);
        Set<String> needed = new TreeSet<>();
        variables.forEach((variable, readIn) -> {
            if (!readIn.containsKey(DEFAULT_PROFILE)) {
                return;
            }
            String fallback = readIn.get(DEFAULT_PROFILE);
            boolean missing = fallback == null || fallback.isEmpty();
            boolean laptop = fallback != null && (fallback.contains("127.0.0.1") || fallback.contains("localhost"));
            if ((missing && production) || laptop) {
                needed.add(variable);
            }
        });
        return needed;
    }
}
