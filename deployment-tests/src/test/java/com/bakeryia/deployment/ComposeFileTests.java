package com.bakeryia.deployment;

import static com.bakeryia.deployment.Fleet.ORCHESTRATOR;
import static com.bakeryia.deployment.Fleet.ROOT;
import static com.bakeryia.deployment.Fleet.SERVICES;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml and the Dockerfile against the services: what {@code docker compose config} checks, then
 * that every service module runs there on its port, with the variables it reads and nothing else, and that
 * Prometheus and Grafana get what the monitoring files define.
 */
class ComposeFileTests {

    /** No variable set: the file's defaults must be enough for {@code docker compose up}. */
    private static final ComposeProject COMPOSE = ComposeProject.load(ROOT.resolve("docker-compose.yml"), Map.of());

    private static final Dockerfile DOCKERFILE = Dockerfile.read(ROOT.resolve("Dockerfile"));

    @Test
    void isValidAsDockerComposeConfigSeesIt() {
        assertThat(COMPOSE.problems()).isEmpty();
    }

    @Test
    void everyServiceModuleIsBuiltFromTheDockerfileAndPublishedOnItsPort() {
        List<String> problems = new ArrayList<>();
        SERVICES.values().forEach(service -> {
            Map<String, Object> compose = COMPOSE.services().get(service.name());
            if (compose == null) {
                problems.add(service.name() + ": no compose service");
                return;
            }
            String target = Yamls.stringAt(compose, "build", "target");
            if (!"service".equals(target)
                    || DOCKERFILE.finalStage() != DOCKERFILE.stages().get("service")) {
                problems.add(service.name() + ": not built as the Dockerfile's final stage 'service' (" + target + ")");
            }
            if (!service.name().equals(Yamls.stringAt(compose, "build", "args", "SERVICE"))) {
                problems.add(service.name() + ": build arg SERVICE is "
                        + Yamls.stringAt(compose, "build", "args", "SERVICE"));
            }
            if (!String.valueOf(service.port()).equals(Yamls.stringAt(compose, "build", "args", "PORT"))) {
                problems.add(service.name() + ": build arg PORT is " + Yamls.stringAt(compose, "build", "args", "PORT")
                        + ", the service listens on " + service.port());
            }
            Map<String, String> environment = COMPOSE.environment(service.name());
            if (environment.containsKey("PORT") && !environment.get("PORT").equals(String.valueOf(service.port()))) {
                problems.add(service.name() + ": PORT=" + environment.get("PORT") + ", the service's port is "
                        + service.port());
            }
            if (environment.containsKey("MANAGEMENT_SERVER_PORT")) {
                problems.add(service.name() + ": compose keeps actuator on the app port (the image's health check and"
                        + " Prometheus use it)");
            }
            Integer published = COMPOSE.publishedPorts(service.name()).get(service.port());
            if (published == null || published != service.port()) {
                problems.add(service.name() + ": container port " + service.port() + " published as " + published);
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void servicesGetOnlyVariablesTheyReadAndEveryOneTheyNeed() {
        List<String> problems = new ArrayList<>();
        SERVICES.values().forEach(service -> {
            Map<String, String> environment = COMPOSE.environment(service.name());
            Set<String> profiles = Fleet.activeProfiles(environment.get("SPRING_PROFILES_ACTIVE"));
            SpringProperties properties = SpringProperties.of(service);
            environment
                    .keySet()
                    .forEach(variable -> Fleet.unread(service, properties, variable, profiles)
                            .ifPresent(problems::add));
            service.variablesToSet(profiles).stream()
                    .filter(variable -> !environment.containsKey(variable))
                    .forEach(variable -> problems.add(service.name() + " needs " + variable + " (with profiles "
                            + profiles + "), compose does not set it"));
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void everyUrlReachesAServiceOnAPortAndPathItServes() {
        List<String> problems = new ArrayList<>();
        SERVICES.keySet()
                .forEach(name -> COMPOSE.environment(name).forEach((variable, value) -> {
                    Optional<URI> url = Fleet.url(value);
                    if (url.isPresent() && SERVICES.containsKey(url.get().getHost())) {
                        Fleet.unreachable(
                                        variable,
                                        url.get(),
                                        SERVICES.get(url.get().getHost()).port(),
                                        null)
                                .ifPresent(problem -> problems.add(name + ": " + problem));
                    } else if (url.isPresent()
                            && !COMPOSE.services().containsKey(url.get().getHost())) {
                        problems.add(name + ": " + variable + "=" + value + " names no compose service");
                    }
                }));
        assertThat(problems).isEmpty();
    }

    @Test
    void theOrchestratorKnowsEveryServiceItsConfigurationCalls() {
        ServiceModule orchestrator = SERVICES.get(ORCHESTRATOR);
        Map<String, String> environment = COMPOSE.environment(ORCHESTRATOR);
        List<String> problems = new ArrayList<>();
        orchestrator.settings().forEach((key, value) -> {
            if (key.startsWith("orchestrator.services.") && key.endsWith(".base-url")) {
                String called = key.substring("orchestrator.services.".length(), key.length() - ".base-url".length());
                var placeholder = ServiceModules.PLACEHOLDER.matcher(value);
                if (!placeholder.matches()) {
                    problems.add(key + " is not an environment placeholder: " + value);
                    return;
                }
                String url = environment.get(placeholder.group(1));
                if (url == null) {
                    problems.add(placeholder.group(1) + " (" + called + ") is not set");
                } else if (!URI.create(url).getHost().equals(called)
                        || URI.create(url).getPort() != SERVICES.get(called).port()) {
                    problems.add(placeholder.group(1) + "=" + url + " is not " + called + " on port "
                            + SERVICES.get(called).port());
                }
            }
        });
        assertThat(problems).isEmpty();
        assertThat(orchestrator.settings().keySet().stream().filter(key -> key.endsWith(".base-url")))
                .as("every service but the orchestrator is called by it")
                .hasSize(SERVICES.size() - 1);
    }

    @Test
    void signingKeysAreReadFromMountedFiles() {
        List<String> problems = new ArrayList<>();
        for (String name : List.of(Fleet.ORCHESTRATOR, Fleet.TENANT)) {
            Map<String, String> environment = COMPOSE.environment(name);
            List<String> mounts = Yamls.listAt(COMPOSE.service(name), "volumes").stream()
                    .map(volume -> volume instanceof Map<?, ?> map
                            ? String.valueOf(map.get("target"))
                            : String.valueOf(volume).split(":")[1])
                    .toList();
            for (String key :
                    List.of("DELETION_TOKENS_SIGNINGKEYS_0_PRIVATEKEY", "DELETION_TOKENS_SIGNINGKEYS_0_PUBLICKEY")) {
                String value = environment.getOrDefault(key, "");
                if (!value.startsWith("file:")) {
                    problems.add(name + ": " + key + " is not a file: " + value);
                } else if (mounts.stream()
                        .noneMatch(mount -> value.substring("file:".length()).startsWith(mount + "/"))) {
                    problems.add(name + ": " + key + "=" + value + " is under none of its mounts " + mounts);
                }
            }
            if (environment.getOrDefault("DELETION_TOKENS_SIGNINGKEYS_0_ID", "").isBlank()) {
                problems.add(name + ": no key id");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void prometheusScrapesEveryServiceAndLoadsTheAlertsGrafanaGetsTheDashboard() {
        Map<String, Object> prometheus = Yamls.document(ROOT.resolve("deploy/prometheus/prometheus.yml"));
        List<String> targets = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Object job : Yamls.listAt(prometheus, "scrape_configs")) {
            String path = Yamls.stringAt(job, "metrics_path");
            for (Object config : Yamls.listAt(job, "static_configs")) {
                for (Object target : Yamls.listAt(config, "targets")) {
                    targets.add(target + (path == null ? "/metrics" : path));
                }
            }
        }
        SERVICES.values().stream()
                .map(service -> service.name() + ":" + service.port() + Fleet.PROMETHEUS)
                .filter(target -> !targets.contains(target))
                .forEach(target -> problems.add("Prometheus does not scrape " + target));
        List<String> ruleFiles = Yamls.listAt(prometheus, "rule_files").stream()
                .map(String::valueOf)
                .toList();
        String ruleFile = ruleFiles.size() == 1 ? ruleFiles.get(0) : "exactly one rule file";
        String alertsMount = "./" + MonitoringFiles.COMPOSE_ALERTS + ":" + ruleFile;
        if (mounts("prometheus").stream()
                .noneMatch(mount -> mount.equals(alertsMount) || mount.startsWith(alertsMount + ":"))) {
            problems.add("Prometheus's rule_files " + ruleFiles + " are not the mounted "
                    + MonitoringFiles.COMPOSE_ALERTS + " (mounts " + mounts("prometheus") + ")");
        }
        if (mounts("grafana").stream().noneMatch(mount -> mount.startsWith("./" + MonitoringFiles.DASHBOARD + ":"))) {
            problems.add("Grafana does not mount " + MonitoringFiles.DASHBOARD + " (mounts " + mounts("grafana") + ")");
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theImageRunsAsANonRootUserAndChecksTheReadinessGroupTheServicesExpose() {
        Dockerfile.Stage image = DOCKERFILE.finalStage();
        assertThat(image.last("USER")).as("USER").isNotNull().isNotIn("root", "0", "0:0");
        assertThat(image.last("HEALTHCHECK"))
                .as("HEALTHCHECK")
                .contains(Fleet.READINESS)
                .contains("PORT");
        assertThat(image.last("ENTRYPOINT")).as("ENTRYPOINT").isNotNull();
        assertThat(Dockerfile.args(image)).as("build args of the final stage").contains("SERVICE", "PORT");
        assertThat(String.join(" ", image.arguments("ENV"))).contains("JDK_JAVA_OPTIONS");
        // The paths exist because of the fleet's defaults: probe groups on, health exposed, base path /actuator.
        for (ServiceModule service : SERVICES.values()) {
            assertThat(service.settings())
                    .as(service.name())
                    .containsEntry("management.endpoint.health.probes.enabled", "true")
                    .doesNotContainKey("management.endpoints.web.base-path")
                    .hasEntrySatisfying(
                            "management.endpoints.web.exposure.include",
                            exposed -> assertThat(exposed.split(",")).contains("health", "prometheus", "jwks"));
        }
    }

    @Test
    void everyServiceConnectsAsItsOwnRolesWhichThePostgresInitScriptMakes() {
        List<String> problems = new ArrayList<>();
        Fleet.ROSTER.services().forEach(service -> {
            Map<String, String> environment = COMPOSE.environment(service.name());
            String app = "bakery_" + service.schema() + "_app";
            String owner = "bakery_" + service.schema() + "_owner";
            if (!app.equals(environment.get("DB_USER"))) {
                problems.add(service.name() + ": DB_USER=" + environment.get("DB_USER") + ", its role is " + app);
            }
            if (!owner.equals(environment.get("DB_MIGRATION_USER"))) {
                problems.add(service.name() + ": DB_MIGRATION_USER=" + environment.get("DB_MIGRATION_USER")
                        + ", its owner role is " + owner);
            }
            if (environment.getOrDefault("DB_PASSWORD", "").isBlank()
                    || environment.getOrDefault("DB_MIGRATION_PASSWORD", "").isBlank()) {
                problems.add(service.name() + ": no DB_PASSWORD or DB_MIGRATION_PASSWORD");
            }
        });
        assertThat(problems).isEmpty();
        assertThat(mounts("postgres"))
                .anyMatch(mount -> mount.startsWith("./scripts/db/create-roles:/docker-entrypoint-initdb.d/"))
                .anyMatch(mount -> mount.startsWith("./scripts/db/roles.sql:/bakery-db/roles.sql"))
                .anyMatch(mount -> mount.startsWith("./fleet.yaml:/bakery-db/fleet.yaml"));
        assertThat(COMPOSE.environment("postgres"))
                .containsEntry("BAKERY_DB_DIR", "/bakery-db")
                .containsEntry("FLEET_ROSTER", "/bakery-db/fleet.yaml")
                .containsEntry(
                        "BAKERY_ROLE_PASSWORD",
                        COMPOSE.environment(ORCHESTRATOR).get("DB_PASSWORD"));
    }

    private static List<String> mounts(String service) {
        return Yamls.listAt(COMPOSE.service(service), "volumes").stream()
                .map(String::valueOf)
                .toList();
    }
}
