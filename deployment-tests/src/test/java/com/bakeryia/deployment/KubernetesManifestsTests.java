package com.bakeryia.deployment;

import static com.bakeryia.deployment.Fleet.ORCHESTRATOR;
import static com.bakeryia.deployment.Fleet.ROOT;
import static com.bakeryia.deployment.Fleet.SERVICES;
import static com.bakeryia.deployment.Fleet.TENANT;
import static com.bakeryia.deployment.KubernetesManifests.containers;
import static com.bakeryia.deployment.KubernetesManifests.name;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * k8s/ against the services, for the base and each overlay as kustomize renders them: every service module has
 * its Deployment, Service and PodDisruptionBudget; ports, probes and variables are the ones the service has and
 * reads; every URL reaches a Service's port that serves it and the NetworkPolicies let exactly those calls in.
 */
class KubernetesManifestsTests {

    private static final String DEV = "k8s/overlays/dev";
    private static final String PROD = "k8s/overlays/prod";
    private static final Map<String, KubernetesManifests> RENDERED = new LinkedHashMap<>();

    static Stream<Arguments> kustomizations() {
        return Stream.of("k8s/base", DEV, PROD).map(Arguments::of);
    }

    private static KubernetesManifests manifests(String kustomization) {
        return RENDERED.computeIfAbsent(kustomization, directory -> {
            if (KubernetesManifests.kubectlAvailable()) {
                return KubernetesManifests.render(ROOT.resolve(directory));
            }
            // Without kubectl only the base can be read as written (no patches, no generators).
            assumeThat(directory)
                    .as("kubectl (kustomize) is needed to render the overlays")
                    .isEqualTo("k8s/base");
            return KubernetesManifests.resources(ROOT.resolve(directory));
        });
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void everyServiceModuleHasADeploymentAServiceAndADisruptionBudget(String kustomization) {
        KubernetesManifests k8s = manifests(kustomization);
        List<String> problems = new ArrayList<>();
        SERVICES.keySet().forEach(service -> {
            for (String kind : List.of("Deployment", "Service")) {
                if (k8s.find(kind, service).isEmpty()) {
                    problems.add(service + ": no " + kind);
                }
            }
            Optional<Map<String, Object>> deployment = k8s.find("Deployment", service);
            Optional<Map<String, Object>> selected = k8s.find("Service", service)
                    .map(object -> Yamls.at(object, "spec", "selector"))
                    .flatMap(selector -> single(k8s.deploymentsSelectedBy(selector)));
            if (deployment.isPresent() && !deployment.equals(selected)) {
                problems.add(service + ": its Service does not select exactly its Deployment's pods");
            }
            long budgets = k8s.ofKind("PodDisruptionBudget").stream()
                    .filter(budget -> single(k8s.deploymentsSelectedBy(Yamls.at(budget, "spec", "selector")))
                            .equals(deployment))
                    .count();
            if (deployment.isPresent() && budgets != 1) {
                problems.add(service + ": " + budgets + " PodDisruptionBudgets select its pods, expected 1");
            }
        });
        k8s.ofKind("Deployment").stream()
                .map(KubernetesManifests::name)
                .filter(name -> !SERVICES.containsKey(name) && !name.equals("postgres"))
                .forEach(name -> problems.add("Deployment " + name + " is no service module"));
        assertThat(problems).isEmpty();
        int orchestrators = replicas(k8s.find("Deployment", ORCHESTRATOR).orElseThrow());
        assertThat(orchestrators).as("orchestrator replicas").isGreaterThanOrEqualTo(2);
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void portsAndProbesAreTheServicesOwn(String kustomization) {
        KubernetesManifests k8s = manifests(kustomization);
        List<String> problems = new ArrayList<>();
        forEachContainer(k8s, (service, container) -> {
            Optional<Integer> http = KubernetesManifests.containerPort(container, "http");
            if (!http.equals(Optional.of(service.port()))) {
                problems.add(service.name() + ": container port 'http' is " + http + ", the service listens on "
                        + service.port());
            }
            String port = k8s.value(container, "PORT");
            if (port != null && !port.equals(String.valueOf(service.port()))) {
                problems.add(service.name() + ": PORT=" + port + ", the service's port is " + service.port());
            }
            Integer management = managementPort(k8s, container);
            Optional<Integer> named = KubernetesManifests.containerPort(container, "management");
            if (management == null || !named.equals(Optional.of(management))) {
                problems.add(
                        service.name() + ": MANAGEMENT_SERVER_PORT " + management + " and container port 'management' "
                                + named + " differ (actuator must have its own port, see docs/deployment.md)");
            }
            probe(container, "readinessProbe", Fleet.READINESS, management, problems, service.name());
            probe(container, "livenessProbe", Fleet.LIVENESS, management, problems, service.name());
            probe(container, "startupProbe", Fleet.LIVENESS, management, problems, service.name());
            for (String resource : List.of("requests", "limits")) {
                if (Yamls.at(container, "resources", resource, "memory") == null) {
                    problems.add(service.name() + ": no memory " + resource);
                }
            }
        });
        k8s.ofKind("Service").stream()
                .filter(object -> SERVICES.containsKey(name(object)))
                .forEach(object -> {
                    Map<String, Object> container = containers(
                                    k8s.find("Deployment", name(object)).orElseThrow())
                            .get(0);
                    for (Object port : Yamls.listAt(object, "spec", "ports")) {
                        Object target =
                                Objects.requireNonNullElse(Yamls.at(port, "targetPort"), Yamls.at(port, "port"));
                        Optional<Integer> number = KubernetesManifests.containerPort(container, target);
                        if (number.isEmpty()) {
                            problems.add("Service " + name(object) + ": targetPort " + target
                                    + " is no port of the container");
                        } else if (!number.get().equals(Yamls.at(port, "port"))) {
                            problems.add("Service " + name(object) + ": port " + Yamls.at(port, "port")
                                    + " forwards to " + number.get() + " (URLs use the container's port numbers)");
                        }
                    }
                });
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void containersGetOnlyVariablesTheServiceReadsAndEveryOneItNeeds(String kustomization) {
        KubernetesManifests k8s = manifests(kustomization);
        List<String> problems = new ArrayList<>();
        forEachContainer(k8s, (service, container) -> {
            Map<String, String> environment = k8s.environment(container);
            Set<String> profiles = Fleet.activeProfiles(k8s.value(container, "SPRING_PROFILES_ACTIVE"));
            SpringProperties properties = SpringProperties.of(service);
            environment.keySet().stream()
                    .filter(variable -> !variable.startsWith("*"))
                    .forEach(variable -> Fleet.unread(service, properties, variable, profiles)
                            .ifPresent(problems::add));
            environment.keySet().stream()
                    .filter(variable -> variable.startsWith("*"))
                    .forEach(secret -> problems.add(service.name() + ": envFrom Secret " + secret.substring(1)
                            + " whose keys cannot be checked; name the keys with secretKeyRef"));
            service.variablesToSet(profiles).stream()
                    .filter(variable -> !environment.containsKey(variable))
                    .forEach(variable ->
                            problems.add(service.name() + " needs " + variable + " (profiles " + profiles + ")"));
        });
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void everyUrlReachesAServicePortThatServesItAndTheNetworkPoliciesLetThatCallIn(String kustomization) {
        KubernetesManifests k8s = manifests(kustomization);
        List<String> problems = new ArrayList<>();
        forEachContainer(
                k8s,
                (service, container) -> k8s.environment(container).keySet().forEach(variable -> {
                    String value = k8s.value(container, variable);
                    Optional<URI> url = value == null ? Optional.empty() : Fleet.url(value);
                    if (url.isEmpty() || !SERVICES.containsKey(url.get().getHost())) {
                        return;
                    }
                    String target = url.get().getHost();
                    Map<String, Object> targetDeployment =
                            k8s.find("Deployment", target).orElseThrow();
                    Map<String, Object> targetContainer =
                            containers(targetDeployment).get(0);
                    Integer management = managementPort(k8s, targetContainer);
                    Fleet.unreachable(variable, url.get(), SERVICES.get(target).port(), management)
                            .ifPresent(problem -> problems.add(service.name() + ": " + problem));
                    String portName =
                            url.get().getPort() == SERVICES.get(target).port() ? "http" : "management";
                    Set<String> allowed = k8s.allowedSources(
                            targetDeployment, portName, url.get().getPort());
                    if (!allowed.contains(service.name()) && !allowed.contains("anyone")) {
                        problems.add(service.name() + " calls " + url.get() + " (" + variable
                                + "), the NetworkPolicies let in only " + allowed);
                    }
                }));
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void onlyTheOrchestratorReachesTheDeletionEndpointsAndOnlyTenantServiceCreatesJobs(String kustomization) {
        KubernetesManifests k8s = manifests(kustomization);
        Map<String, Set<String>> appPortSources = new LinkedHashMap<>();
        SERVICES.values()
                .forEach(service -> appPortSources.put(
                        service.name(),
                        new TreeSet<>(k8s.allowedSources(
                                k8s.find("Deployment", service.name()).orElseThrow(), "http", service.port()))));
        Fleet.domainServices()
                .forEach(domain -> assertThat(appPortSources.get(domain))
                        .as("who reaches %s's app port", domain)
                        .containsExactly(ORCHESTRATOR));
        assertThat(appPortSources.get(ORCHESTRATOR))
                .as("who reaches the orchestrator's app port")
                .containsExactly(TENANT);
        assertThat(appPortSources.get(TENANT))
                .as("who reaches tenant-service's app port")
                .contains(ORCHESTRATOR)
                .allMatch(source -> source.equals(ORCHESTRATOR) || source.startsWith("namespace:"));
        SERVICES.values().forEach(service -> {
            Map<String, Object> deployment =
                    k8s.find("Deployment", service.name()).orElseThrow();
            Integer management = managementPort(k8s, containers(deployment).get(0));
            assertThat(k8s.allowedSources(deployment, "management", management))
                    .as("who reaches %s's management port", service.name())
                    .isNotEmpty()
                    .doesNotContain("anyone")
                    .anyMatch(source -> source.startsWith("namespace:") && source.contains("monitoring"));
        });
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void everyConfigMapSecretAndVolumeClaimReferredToExists(String kustomization) {
        KubernetesManifests k8s = manifests(kustomization);
        List<String> problems = new ArrayList<>();
        Set<String> devSecrets = new TreeSet<>();
        if (!kustomization.equals(DEV) && KubernetesManifests.kubectlAvailable()) {
            manifests(DEV).ofKind("Secret").forEach(secret -> devSecrets.add(name(secret)));
        }
        k8s.references()
                .forEach((kind, names) -> names.forEach(referenced -> {
                    boolean present = k8s.find(kind, referenced).isPresent();
                    // Outside dev the Secrets come from the platform's secret manager: they must be the ones dev makes.
                    boolean external =
                            kind.equals("Secret") && !kustomization.equals(DEV) && devSecrets.contains(referenced);
                    if (!present && !external && !(kind.equals("Secret") && !KubernetesManifests.kubectlAvailable())) {
                        problems.add(kind + " " + referenced + " is referred to and does not exist");
                    }
                }));
        forEachContainer(
                k8s,
                (service, container) -> k8s.environment(container).forEach((variable, origin) -> {
                    if (origin.startsWith("configMap:") && k8s.value(container, variable) == null) {
                        problems.add(service.name() + ": " + variable + " refers to a missing ConfigMap key " + origin);
                    }
                    if (origin.startsWith("secret:") && !origin.endsWith("/*")) {
                        String[] reference =
                                origin.substring("secret:".length()).split("/", 2);
                        k8s.find("Secret", reference[0]).ifPresent(secret -> {
                            if (Yamls.at(secret, "data", reference[1]) == null
                                    && Yamls.at(secret, "stringData", reference[1]) == null) {
                                problems.add(
                                        service.name() + ": " + variable + " refers to a missing Secret key " + origin);
                            }
                        });
                    }
                }));
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void everyServiceReadsItsDatabaseRolesFromItsOwnSecretAndRefusesASuperuser(String kustomization) {
        KubernetesManifests k8s = manifests(kustomization);
        List<String> problems = new ArrayList<>();
        forEachContainer(k8s, (service, container) -> {
            Map<String, String> environment = k8s.environment(container);
            for (String key : DATABASE_ROLE_KEYS) {
                String expected = "secret:" + service.name() + "-db/" + key;
                if (!expected.equals(environment.get(key))) {
                    problems.add(service.name() + ": " + key + " from " + environment.get(key) + ", not " + expected);
                }
            }
            if (!"true".equals(k8s.value(container, "DB_REFUSE_SUPERUSER"))) {
                problems.add(service.name() + ": DB_REFUSE_SUPERUSER is not true");
            }
        });
        assertThat(problems).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void devMakesEachServicesRolesFromItsSecretWithTheFleetsBootstrap() throws java.io.IOException {
        assumeThat(KubernetesManifests.kubectlAvailable())
                .as("kubectl renders the dev overlay")
                .isTrue();
        KubernetesManifests k8s = manifests(DEV);
        Map<String, Object> postgres = k8s.find("StatefulSet", "postgres").orElseThrow();
        List<Object> sources = Yamls.listAt(postgres, "spec", "template", "spec", "volumes").stream()
                .filter(volume -> "roles".equals(Yamls.stringAt(volume, "name")))
                .flatMap(volume -> Yamls.listAt(volume, "projected", "sources").stream())
                .toList();
        List<String> problems = new ArrayList<>();
        Fleet.ROSTER.services().forEach(service -> {
            String secretName = service.name() + "-db";
            Optional<Map<String, Object>> secret = k8s.find("Secret", secretName);
            if (secret.isEmpty()) {
                problems.add("no Secret " + secretName);
                return;
            }
            String app = decoded(secret.get(), "DB_USER");
            String owner = decoded(secret.get(), "DB_MIGRATION_USER");
            if (!("bakery_" + service.schema() + "_app").equals(app)
                    || !("bakery_" + service.schema() + "_owner").equals(owner)) {
                problems.add(secretName + ": roles " + app + " and " + owner + " are not bakery_" + service.schema()
                        + "_app and _owner");
            }
            List<String> paths = sources.stream()
                    .filter(source -> secretName.equals(Yamls.stringAt(source, "secret", "name")))
                    .flatMap(source -> Yamls.listAt(source, "secret", "items").stream())
                    .map(item -> Yamls.stringAt(item, "path"))
                    .toList();
            List<String> expected = DATABASE_ROLE_KEYS.stream()
                    .map(key -> service.schema() + "/" + key)
                    .toList();
            if (!paths.containsAll(expected)) {
                problems.add("the dev PostgreSQL mounts " + paths + " of " + secretName + ", not " + expected);
            }
        });
        assertThat(problems).isEmpty();
        for (String file : List.of("create-roles", "roles.sql")) {
            assertThat(java.nio.file.Files.readString(ROOT.resolve("k8s/overlays/dev/postgres-init/" + file)))
                    .as("k8s/overlays/dev/postgres-init/%s is a copy of scripts/db/%s", file, file)
                    .isEqualTo(java.nio.file.Files.readString(ROOT.resolve("scripts/db/" + file)));
        }
    }

    private static final List<String> DATABASE_ROLE_KEYS =
            List.of("DB_USER", "DB_PASSWORD", "DB_MIGRATION_USER", "DB_MIGRATION_PASSWORD");

    private static String decoded(Map<String, Object> secret, String key) {
        Object data = Yamls.at(secret, "data", key);
        if (data != null) {
            return new String(
                    java.util.Base64.getDecoder().decode(String.valueOf(data)),
                    java.nio.charset.StandardCharsets.UTF_8);
        }
        return String.valueOf(Yamls.at(secret, "stringData", key));
    }

    private static void probe(
            Map<String, Object> container,
            String probe,
            String path,
            Integer management,
            List<String> problems,
            String service) {
        Object get = Yamls.at(container, probe, "httpGet");
        if (get == null) {
            problems.add(service + ": no " + probe + " httpGet");
            return;
        }
        if (!path.equals(Yamls.stringAt(get, "path"))) {
            problems.add(service + ": " + probe + " path " + Yamls.stringAt(get, "path") + ", expected " + path);
        }
        Optional<Integer> port = KubernetesManifests.containerPort(container, Yamls.at(get, "port"));
        if (management == null || !port.equals(Optional.of(management))) {
            problems.add(
                    service + ": " + probe + " on port " + Yamls.at(get, "port") + ", actuator is on " + management);
        }
    }

    private static Integer managementPort(KubernetesManifests k8s, Map<String, Object> container) {
        String value = k8s.value(container, "MANAGEMENT_SERVER_PORT");
        return value == null ? null : Integer.valueOf(value);
    }

    private static int replicas(Map<String, Object> deployment) {
        Object replicas = Yamls.at(deployment, "spec", "replicas");
        return replicas == null ? 1 : Integer.parseInt(String.valueOf(replicas));
    }

    private static <T> Optional<T> single(List<T> items) {
        return items.size() == 1 ? Optional.of(items.get(0)) : Optional.empty();
    }

    private static void forEachContainer(
            KubernetesManifests k8s, java.util.function.BiConsumer<ServiceModule, Map<String, Object>> check) {
        SERVICES.values()
                .forEach(service -> k8s.find("Deployment", service.name()).ifPresent(deployment -> {
                    List<Map<String, Object>> containers = containers(deployment);
                    assertThat(containers)
                            .as("containers of %s", service.name())
                            .hasSize(1);
                    check.accept(service, containers.get(0));
                }));
    }
}
