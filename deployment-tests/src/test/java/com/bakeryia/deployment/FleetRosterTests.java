package com.bakeryia.deployment;

import static com.bakeryia.deployment.Fleet.ORCHESTRATOR;
import static com.bakeryia.deployment.Fleet.ROOT;
import static com.bakeryia.deployment.Fleet.ROSTER;
import static com.bakeryia.deployment.Fleet.SERVICES;
import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.fleet.FleetRoster;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * fleet.yaml against the files that deploy the fleet: the reactor's modules, docker-compose.yml, k8s/ and the
 * Prometheus configuration each hold every roster service with its port (and schema where they name it), and no
 * service the roster lacks. A roster line without its entries there fails here, naming the file, the service and
 * what differs.
 */
class FleetRosterTests {

    private static final String COMPOSE_FILE = "docker-compose.yml";
    private static final String PROMETHEUS = "deploy/prometheus/prometheus.yml";
    private static final String K8S_BASE = "k8s/base";
    private static final String REGISTRY = K8S_BASE + "/config/service-registry.env";
    private static final String ISSUERS = K8S_BASE + "/config/trusted-issuers.env";
    private static final String POD_MONITOR = K8S_BASE + "/monitoring/pod-monitor.yaml";
    private static final List<String> OVERLAYS = List.of("k8s/overlays/dev", "k8s/overlays/prod");
    private static final String IMAGE_PREFIX = "bakery-ia/";
    private static final Pattern HEADER = Pattern.compile("# (\\S+) \\(port (\\d+), schema (\\w+)\\).*");
    private static final Pattern URL = Pattern.compile("https?://[^\\s\"']+");

    @Test
    void everyRosterServiceIsAModuleWithItsNamePortAndSchema() {
        List<String> problems = new ArrayList<>();
        List<String> modules = ServiceModules.runnableModules(ROOT);
        for (FleetRoster.Service rostered : ROSTER.services()) {
            ServiceModule module = SERVICES.get(rostered.name());
            if (module == null || !modules.contains(rostered.name())) {
                problems.add("pom.xml: " + rostered.name() + " is no <module> with src/main/resources/application.yml");
                continue;
            }
            String file = rostered.name() + "/src/main/resources/application.yml";
            if (!module.name().equals(rostered.name())) {
                problems.add(file + ": spring.application.name is " + module.name() + ", not " + rostered.name());
            }
            if (module.port() != rostered.port()) {
                problems.add(
                        file + ": " + rostered.name() + " listens on " + module.port() + ", not " + rostered.port());
            }
            for (String key : List.of("spring.flyway.schemas", "spring.flyway.default-schema")) {
                String schema = module.settings().get(key);
                if (!rostered.schema().equals(schema)) {
                    problems.add(file + ": " + rostered.name() + "'s " + key + " is " + schema + ", not "
                            + rostered.schema());
                }
            }
        }
        modules.stream()
                .filter(module -> ROSTER.find(module).isEmpty())
                .forEach(module -> problems.add(
                        "pom.xml: module " + module + " runs a service that " + FleetRoster.FILE + " lacks"));
        assertThat(problems).isEmpty();
    }

    @Test
    void dockerComposeRunsEveryRosterServiceOnItsPortAndNoOther() {
        ComposeProject compose = ComposeProject.load(ROOT.resolve(COMPOSE_FILE), Map.of());
        Map<String, Map<String, Object>> services = compose.services();
        List<String> problems = new ArrayList<>();
        for (FleetRoster.Service rostered : ROSTER.services()) {
            String name = rostered.name();
            Map<String, Object> service = services.get(name);
            if (service == null) {
                problems.add(COMPOSE_FILE + ": no service " + name);
                continue;
            }
            String port = String.valueOf(rostered.port());
            String builtAs = Yamls.stringAt(service, "build", "args", "SERVICE");
            if (!name.equals(builtAs)) {
                problems.add(COMPOSE_FILE + ": " + name + " is built with SERVICE=" + builtAs);
            }
            String builtPort = Yamls.stringAt(service, "build", "args", "PORT");
            if (!port.equals(builtPort)) {
                problems.add(
                        COMPOSE_FILE + ": " + name + " is built with PORT=" + builtPort + ", the roster says " + port);
            }
            Integer published = compose.publishedPorts(name).get(rostered.port());
            if (published == null || published != rostered.port()) {
                problems.add(COMPOSE_FILE + ": " + name + " publishes container port " + port + " as " + published
                        + " (ports " + Yamls.listAt(service, "ports") + ")");
            }
            String portVariable = compose.environment(name).get("PORT");
            if (portVariable != null && !portVariable.equals(port)) {
                problems.add(COMPOSE_FILE + ": " + name + " has PORT=" + portVariable + ", the roster says " + port);
            }
        }
        services.forEach((name, service) -> {
            boolean fleetImage = Yamls.at(service, "build", "args", "SERVICE") != null || name.endsWith("-service");
            if (fleetImage && ROSTER.find(name).isEmpty()) {
                problems.add(COMPOSE_FILE + ": service " + name + " is not on " + FleetRoster.FILE);
            }
            compose.environment(name)
                    .forEach((variable, value) -> urlProblem(value, services.keySet())
                            .ifPresent(problem ->
                                    problems.add(COMPOSE_FILE + ": " + name + "'s " + variable + " " + problem)));
        });
        problems.addAll(calledByTheOrchestrator(
                COMPOSE_FILE + ": " + ORCHESTRATOR + "'s environment",
                compose.environment(ORCHESTRATOR).values()));
        assertThat(problems).isEmpty();
    }

    @Test
    void kubernetesBaseDeploysEveryRosterServiceOnItsPortAndNoOther() {
        KubernetesManifests base = KubernetesManifests.resources(ROOT.resolve(K8S_BASE));
        List<String> problems = new ArrayList<>();
        List<String> resources =
                Yamls.listAt(Yamls.document(ROOT.resolve(K8S_BASE).resolve("kustomization.yaml")), "resources").stream()
                        .map(String::valueOf)
                        .toList();
        for (FleetRoster.Service rostered : ROSTER.services()) {
            String name = rostered.name();
            String file = K8S_BASE + "/services/" + name + ".yaml";
            if (!resources.contains("services/" + name + ".yaml")) {
                problems.add(K8S_BASE + "/kustomization.yaml: resources lack services/" + name + ".yaml");
            }
            if (!ROOT.resolve(file).toFile().isFile()) {
                problems.add(file + ": missing");
                continue;
            }
            Matcher header = HEADER.matcher(
                    Yamls.read(ROOT.resolve(file)).lines().findFirst().orElse(""));
            if (!header.matches()
                    || !header.group(1).equals(name)
                    || !header.group(2).equals(String.valueOf(rostered.port()))
                    || !header.group(3).equals(rostered.schema())) {
                problems.add(file + ": first line is not \"# " + name + " (port " + rostered.port() + ", schema "
                        + rostered.schema() + "): ...\"");
            }
            kubernetesObjectProblems(base, rostered, file, problems);
        }
        resources.stream()
                .filter(resource -> resource.startsWith("services/"))
                .map(resource -> resource.substring("services/".length()).replaceFirst("\\.yaml$", ""))
                .filter(name -> ROSTER.find(name).isEmpty())
                .forEach(name -> problems.add(K8S_BASE + "/kustomization.yaml: services/" + name
                        + ".yaml deploys a service that " + FleetRoster.FILE + " lacks"));
        for (String kind : List.of("Deployment", "Service", "PodDisruptionBudget")) {
            base.ofKind(kind).stream()
                    .map(KubernetesManifests::name)
                    .filter(name -> ROSTER.find(name).isEmpty())
                    .forEach(name ->
                            problems.add(K8S_BASE + ": " + kind + " " + name + " is not on " + FleetRoster.FILE));
        }
        assertThat(problems).isEmpty();
    }

    private static void kubernetesObjectProblems(
            KubernetesManifests base, FleetRoster.Service rostered, String file, List<String> problems) {
        String name = rostered.name();
        Optional<Map<String, Object>> deployment = base.find("Deployment", name);
        if (deployment.isEmpty()) {
            problems.add(file + ": no Deployment " + name);
            return;
        }
        Map<String, Object> container = KubernetesManifests.containers(deployment.get()).stream()
                .filter(candidate -> name.equals(candidate.get("name")))
                .findFirst()
                .orElse(Map.of());
        Optional<Integer> http = KubernetesManifests.containerPort(container, "http");
        if (!http.equals(Optional.of(rostered.port()))) {
            problems.add(file + ": container " + name + "'s port 'http' is " + http.orElse(null) + ", the roster says "
                    + rostered.port());
        }
        String port = Yamls.listAt(container, "env").stream()
                .filter(env -> "PORT".equals(Yamls.stringAt(env, "name")))
                .map(env -> Yamls.stringAt(env, "value"))
                .findFirst()
                .orElse(null);
        if (!String.valueOf(rostered.port()).equals(port)) {
            problems.add(file + ": container " + name + " has PORT=" + port + ", the roster says " + rostered.port());
        }
        String image = Yamls.stringAt(container, "image");
        if (!(IMAGE_PREFIX + name).equals(image)) {
            problems.add(file + ": container " + name + " runs image " + image + ", not " + IMAGE_PREFIX + name);
        }
        Optional<Map<String, Object>> service = base.find("Service", name);
        boolean servesPort = service.stream()
                .flatMap(object -> Yamls.listAt(object, "spec", "ports").stream())
                .anyMatch(entry -> String.valueOf(rostered.port()).equals(Yamls.stringAt(entry, "port")));
        if (!servesPort) {
            problems.add(file + ": Service " + name + " has no port " + rostered.port());
        }
        String component = KubernetesManifests.podLabels(deployment.get()).get("app.kubernetes.io/component");
        boolean domainLabel = "domain-service".equals(component);
        if (domainLabel != (rostered.kind() == FleetRoster.Kind.DOMAIN)) {
            problems.add(file + ": " + name + " is of kind " + rostered.kind()
                    + " in the roster, its pods' component is " + component
                    + " (network-policies.yaml lets the orchestrator in by component domain-service)");
        }
    }

    @Test
    void kubernetesNetworkPoliciesAndScrapingCoverTheRoster() {
        KubernetesManifests base = KubernetesManifests.resources(ROOT.resolve(K8S_BASE));
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> policy : base.ofKind("NetworkPolicy")) {
            List<Object> selectors = new ArrayList<>();
            selectors.add(Yamls.at(policy, "spec", "podSelector"));
            for (Object rule : Yamls.listAt(policy, "spec", "ingress")) {
                Yamls.listAt(rule, "from").forEach(peer -> selectors.add(Yamls.at(peer, "podSelector")));
            }
            selectors.stream()
                    .map(selector -> Yamls.stringAt(selector, "matchLabels", "app.kubernetes.io/name"))
                    .filter(Objects::nonNull)
                    .filter(name -> ROSTER.find(name).isEmpty())
                    .forEach(name -> problems.add(K8S_BASE + "/network-policies.yaml: NetworkPolicy "
                            + KubernetesManifests.name(policy) + " selects " + name + ", which is not on "
                            + FleetRoster.FILE));
        }
        Map<String, Object> podMonitor = Yamls.document(ROOT.resolve(POD_MONITOR));
        List<String> scrapedPorts = Yamls.listAt(podMonitor, "spec", "podMetricsEndpoints").stream()
                .map(endpoint -> Yamls.stringAt(endpoint, "port"))
                .toList();
        for (FleetRoster.Service rostered : ROSTER.services()) {
            Optional<Map<String, Object>> deployment = base.find("Deployment", rostered.name());
            if (deployment.isEmpty()) {
                problems.add(K8S_BASE + ": no Deployment " + rostered.name() + " to scrape");
                continue;
            }
            if (!KubernetesManifests.selects(
                    Yamls.at(podMonitor, "spec", "selector"), KubernetesManifests.podLabels(deployment.get()))) {
                problems.add(POD_MONITOR + ": does not select " + rostered.name() + "'s pods");
            }
            Map<String, Object> container =
                    KubernetesManifests.containers(deployment.get()).get(0);
            scrapedPorts.stream()
                    .filter(port ->
                            KubernetesManifests.containerPort(container, port).isEmpty())
                    .forEach(port -> problems.add(POD_MONITOR + ": scrapes port '" + port + "', which "
                            + rostered.name() + "'s container lacks"));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void kubernetesConfigAndOverlaysNameEveryRosterServiceAndNoOther() {
        List<String> problems = new ArrayList<>();
        Map<String, String> registry = envFile(REGISTRY);
        registry.forEach((key, value) ->
                urlProblem(value, Set.of()).ifPresent(problem -> problems.add(REGISTRY + ": " + key + " " + problem)));
        problems.addAll(calledByTheOrchestrator(REGISTRY, registry.values()));
        envFile(ISSUERS).forEach((key, value) -> {
            Matcher url = URL.matcher(value);
            if (url.matches() && ROSTER.find(URI.create(value).getHost()).isEmpty()) {
                problems.add(ISSUERS + ": " + key + "=" + value + " names no service of " + FleetRoster.FILE);
            }
        });
        for (String overlay : OVERLAYS) {
            Map<String, Object> kustomization =
                    Yamls.document(ROOT.resolve(overlay).resolve("kustomization.yaml"));
            Set<String> images = Yamls.listAt(kustomization, "images").stream()
                    .map(image -> Yamls.stringAt(image, "name"))
                    .filter(image -> image != null && image.startsWith(IMAGE_PREFIX))
                    .map(image -> image.substring(IMAGE_PREFIX.length()))
                    .collect(Collectors.toCollection(LinkedHashSet::new));
            String file = overlay + "/kustomization.yaml";
            ROSTER.names().stream()
                    .filter(name -> !images.contains(name))
                    .forEach(name -> problems.add(file + ": images lack " + IMAGE_PREFIX + name));
            images.stream()
                    .filter(name -> ROSTER.find(name).isEmpty())
                    .forEach(name -> problems.add(
                            file + ": image " + IMAGE_PREFIX + name + " is no service of " + FleetRoster.FILE));
            Yamls.listAt(kustomization, "replicas").stream()
                    .map(replicas -> Yamls.stringAt(replicas, "name"))
                    .filter(name -> ROSTER.find(name).isEmpty())
                    .forEach(name ->
                            problems.add(file + ": replicas of " + name + ", which is not on " + FleetRoster.FILE));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void prometheusScrapesEveryRosterServiceOnItsPortAndNoOther() {
        Map<String, Object> prometheus = Yamls.document(ROOT.resolve(PROMETHEUS));
        Set<String> targets = new TreeSet<>();
        for (Object job : Yamls.listAt(prometheus, "scrape_configs")) {
            for (Object config : Yamls.listAt(job, "static_configs")) {
                Yamls.listAt(config, "targets").forEach(target -> targets.add(String.valueOf(target)));
            }
        }
        List<String> problems = new ArrayList<>();
        Set<String> expected = ROSTER.services().stream()
                .map(service -> service.name() + ":" + service.port())
                .collect(Collectors.toCollection(TreeSet::new));
        expected.stream()
                .filter(target -> !targets.contains(target))
                .forEach(target -> problems.add(PROMETHEUS + ": does not scrape " + target));
        targets.stream()
                .filter(target -> !expected.contains(target))
                .forEach(target -> problems.add(PROMETHEUS + ": scrapes " + target + ", which is no service of "
                        + FleetRoster.FILE + " on its port"));
        assertThat(problems).isEmpty();
    }

    /**
     * Why a value that is a URL of a roster service names the wrong port, or empty. Its app port is the roster's;
     * the management port 9090 of Kubernetes is the only other one.
     */
    private static Optional<String> urlProblem(String value, Set<String> otherHosts) {
        if (!URL.matcher(value).matches()) {
            return Optional.empty();
        }
        URI url = URI.create(value);
        Optional<FleetRoster.Service> target = ROSTER.find(url.getHost());
        if (target.isEmpty()) {
            return url.getHost() != null && url.getHost().endsWith("-service") && !otherHosts.contains(url.getHost())
                    ? Optional.of("=" + value + " names " + url.getHost() + ", which is not on " + FleetRoster.FILE)
                    : Optional.empty();
        }
        return url.getPort() == target.get().port() || url.getPort() == 9090
                ? Optional.empty()
                : Optional.of("=" + value + ": " + target.get().name() + "'s port is "
                        + target.get().port() + " in " + FleetRoster.FILE);
    }

    /** That the orchestrator's URLs name every other roster service on its roster port. */
    private static List<String> calledByTheOrchestrator(String where, Iterable<String> values) {
        Map<String, Integer> called = new LinkedHashMap<>();
        for (String value : values) {
            if (URL.matcher(value).matches()) {
                URI url = URI.create(value);
                if (url.getPort()
                        == ROSTER.find(url.getHost())
                                .map(FleetRoster.Service::port)
                                .orElse(-1)) {
                    called.put(url.getHost(), url.getPort());
                }
            }
        }
        return ROSTER.services().stream()
                .filter(service -> !service.name().equals(ORCHESTRATOR))
                .filter(service -> !called.containsKey(service.name()))
                .map(service -> where + ": no URL of " + service.name() + " on port " + service.port()
                        + " (the orchestrator calls every service of " + FleetRoster.FILE + ")")
                .toList();
    }

    private static Map<String, String> envFile(String file) {
        Map<String, String> entries = new LinkedHashMap<>();
        Yamls.read(ROOT.resolve(file))
                .lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#") && line.contains("="))
                .forEach(line ->
                        entries.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1)));
        return entries;
    }
}
