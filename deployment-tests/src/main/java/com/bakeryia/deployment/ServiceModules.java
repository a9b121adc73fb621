package com.bakeryia.deployment;

import com.bakeryia.fleet.FleetRoster;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The fleet's services as their modules' configuration files say: one for each service of the roster whose module
 * has a {@code src/main/resources/application.yml}, with the fleet defaults of fleet-platform that every service
 * reads.
 */
public final class ServiceModules {

    /** {@code ${NAME}} or {@code ${NAME:default}} with an environment-style name. */
    static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?}");

    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern PROFILE_FILE = Pattern.compile("application(?:-([a-z0-9]+))?\\.ya?ml");
    static final String FLEET_PLATFORM = "fleet-platform";
    static final String DELETION_CORE = "deletion-core";
    static final String FLEET_DEFAULTS =
            FLEET_PLATFORM + "/src/main/resources/com/bakeryia/fleet/fleet-defaults.properties";

    private ServiceModules() {}

    /**
     * The module of every roster service that has one, by name in the roster's order. A roster service without
     * its module is left out here and reported by the roster's checks.
     */
    public static Map<String, ServiceModule> discover(Path root, FleetRoster roster) {
        Map<String, ServiceModule> services = new LinkedHashMap<>();
        Properties fleetDefaults = properties(root.resolve(FLEET_DEFAULTS));
        for (FleetRoster.Service service : roster.services()) {
            Path directory = root.resolve(service.name());
            Path resources = directory.resolve("src/main/resources");
            if (Files.isRegularFile(resources.resolve("application.yml"))) {
                services.put(
                        service.name(),
                        read(root, directory, resources, defaultsOf(service, roster, fleetDefaults), service));
            }
        }
        return services;
    }

    /**
     * The lowest-precedence settings of a service: the fleet defaults, and for the orchestrator the
     * registry defaults it derives from the roster at start-up ({@code
     * FleetRosterEnvironmentPostProcessor}: {@code orchestrator.services.<name>.base-url} = {@code
     * ${<NAME>_URL:http://127.0.0.1:<port>}} for every tenant and domain service).
     */
    static Properties defaultsOf(FleetRoster.Service service, FleetRoster roster, Properties fleetDefaults) {
        Properties defaults = new Properties();
        defaults.putAll(fleetDefaults);
        if (service.kind() == FleetRoster.Kind.ORCHESTRATOR) {
            for (FleetRoster.Service called : roster.services()) {
                if (called.kind() != FleetRoster.Kind.ORCHESTRATOR) {
                    String variable = called.name().toUpperCase(Locale.ROOT).replace('-', '_') + "_URL";
                    defaults.setProperty(
                            "orchestrator.services." + called.name() + ".base-url",
                            "${" + variable + ":http://127.0.0.1:" + called.port() + "}");
                }
            }
        }
        return defaults;
    }

    /** The root pom's modules that are runnable services: those with a {@code src/main/resources/application.yml}. */
    public static List<String> runnableModules(Path root) {
        List<String> modules = new ArrayList<>();
        Matcher module = MODULE.matcher(Yamls.read(root.resolve("pom.xml")));
        while (module.find()) {
            String name = module.group(1).trim();
            if (Files.isRegularFile(root.resolve(name).resolve("src/main/resources/application.yml"))) {
                modules.add(name);
            }
        }
        return modules;
    }

    private static ServiceModule read(
            Path root, Path directory, Path resources, Properties fleetDefaults, FleetRoster.Service rostered) {
        Map<String, Map<String, @Nullable String>> variables = new TreeMap<>();
        Set<String> properties = new TreeSet<>();
        Set<String> profiles = new TreeSet<>();
        Map<String, String> settings = new LinkedHashMap<>();
        fleetDefaults.stringPropertyNames().forEach(key -> {
            String value = fleetDefaults.getProperty(key);
            properties.add(withoutIndexes(key));
            settings.put(key, value);
            placeholders(value, ServiceModule.DEFAULT_PROFILE, variables);
        });
        for (Path file : configFiles(resources)) {
            Matcher name = PROFILE_FILE.matcher(file.getFileName().toString());
            name.matches();
            String profile = name.group(1) == null ? ServiceModule.DEFAULT_PROFILE : name.group(1);
            if (name.group(1) != null) {
                profiles.add(profile);
            }
            Yamls.flatten(Yamls.document(file)).forEach((key, value) -> {
                properties.add(withoutIndexes(key));
                if (profile.equals(ServiceModule.DEFAULT_PROFILE)) {
                    settings.put(key, String.valueOf(value));
                }
                placeholders(String.valueOf(value), profile, variables);
            });
        }
        String application = settings.get("spring.application.name");
        if (application == null) {
            throw new IllegalStateException(resources.resolve("application.yml") + " names no spring.application.name");
        }
        String serverPort = settings.get("server.port");
        Matcher port = serverPort == null ? null : PLACEHOLDER.matcher(serverPort);
        if (port == null || !port.matches() || !"PORT".equals(port.group(1)) || port.group(2) == null) {
            throw new IllegalStateException(application + ": server.port must be ${PORT:<default>}, is " + serverPort);
        }
        List<Path> classes = new ArrayList<>(List.of(directory.resolve("target/classes")));
        libraries(rostered).forEach(library -> classes.add(root.resolve(library).resolve("target/classes")));
        return new ServiceModule(
                application,
                directory,
                Integer.parseInt(port.group(2)),
                variables,
                profiles,
                properties,
                settings,
                classes);
    }

    /** The fleet's libraries whose configuration properties a service binds. */
    static List<String> libraries(FleetRoster.Service service) {
        return service.holdsTenantData() ? List.of(FLEET_PLATFORM, DELETION_CORE) : List.of(FLEET_PLATFORM);
    }

    private static List<Path> configFiles(Path resources) {
        try (Stream<Path> files = Files.list(resources)) {
            return files.filter(file ->
                            PROFILE_FILE.matcher(file.getFileName().toString()).matches())
                    .sorted()
                    .toList();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void placeholders(
            String value, String profile, Map<String, Map<String, @Nullable String>> variables) {
        Matcher matcher = PLACEHOLDER.matcher(value);
        while (matcher.find()) {
            variables.computeIfAbsent(matcher.group(1), any -> new HashMap<>()).put(profile, matcher.group(2));
        }
    }

    static String withoutIndexes(String key) {
        return key.replaceAll("\\[\\d+]", "");
    }

    private static Properties properties(Path file) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(Yamls.read(file)));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return properties;
    }

    /** The port in a URL such as {@code http://host:8101/path}, and its host. */
    public static HostPort hostPort(String url) {
        java.net.URI uri = java.net.URI.create(url);
        if (uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("URL without host and port: " + url);
        }
        return new HostPort(uri.getHost(), uri.getPort(), uri.getPath() == null ? "" : uri.getPath());
    }

    /** Host, port and path of a URL. */
    public record HostPort(String host, int port, String path) {}
}
