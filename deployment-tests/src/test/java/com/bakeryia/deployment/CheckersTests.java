package com.bakeryia.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks themselves catch what they are for: each is shown a wrong input. */
class CheckersTests {

    @TempDir
    Path directory;

    @Test
    void composeProblemsAreFoundAsDockerComposeConfigWouldReportThem() throws IOException {
        Files.writeString(
                directory.resolve("Dockerfile"),
                "ARG BASE=x\nFROM alpine AS tool\nARG SERVICE\nFROM tool AS service\n");
        Files.writeString(directory.resolve("compose.yml"), """
                x-common: &common
                  restart: unless-stopped
                services:
                  app:
                    <<: *common
                    build: {context: ., target: nope, args: {SERVICE: a, UNDECLARED: b}}
                    ports: ["127.0.0.1:8080:8080", "not a port"]
                    volumes: ["data:/data", "./missing:/m:ro"]
                    depends_on:
                      db: {condition: service_healthy}
                      ghost: {condition: service_started}
                    environment:
                      A: ${UNSET_VARIABLE}
                      B: ${WITH_DEFAULT:-fine}
                    colour: blue
                  db:
                    image: postgres:16
                    ports: ["127.0.0.1:8080:5432"]
                    restart: sometimes
                    healthcheck: {test: ["pg_isready"], interval: 5 seconds}
                """);
        ComposeProject project = ComposeProject.load(directory.resolve("compose.yml"), Map.of());
        assertThat(project.problems())
                .anyMatch(problem -> problem.contains("UNSET_VARIABLE is not set"))
                .anyMatch(problem -> problem.contains("unknown key 'colour'"))
                .anyMatch(problem -> problem.contains("target 'nope' is not a stage"))
                .anyMatch(problem -> problem.contains("argument UNDECLARED is not declared"))
                .anyMatch(problem -> problem.contains("'not a port' is not a port mapping"))
                .anyMatch(problem -> problem.contains("host port 8080 is also published by app"))
                .anyMatch(problem -> problem.contains("volume 'data' is not declared"))
                .anyMatch(problem -> problem.contains("bind source ./missing does not exist"))
                .anyMatch(problem -> problem.contains("service 'ghost' does not exist"))
                .anyMatch(problem -> problem.contains("restart 'sometimes'"))
                .anyMatch(problem -> problem.contains("must start with CMD"))
                .anyMatch(problem -> problem.contains("'5 seconds' is not a duration"))
                .noneMatch(problem -> problem.contains("SERVICE is not declared"))
                .noneMatch(problem -> problem.contains("db has no health check"));
        assertThat(project.environment("app")).containsEntry("B", "fine");
        assertThat(project.service("app")).containsEntry("restart", "unless-stopped");
    }

    @Test
    void promQlSelectorsAreTheMetricsWithTheirMatcherLabels() {
        assertThat(
                        PromQl.selectors(
                                "histogram_quantile(0.95, sum by (le, service) (rate(bakery_step_seconds_bucket{outcome=\"ok\"}[$__rate_interval])))"))
                .containsOnlyKeys("bakery_step_seconds_bucket")
                .containsEntry("bakery_step_seconds_bucket", Set.of("outcome"));
        assertThat(PromQl.selectors(
                        "max by (name) (resilience4j_circuitbreaker_state{state=~\"open|half_open\"}) == 1"))
                .containsOnlyKeys("resilience4j_circuitbreaker_state");
        assertThat(PromQl.selectors(
                        "min_over_time(a_pending[15m]) > 0 and deriv(a_pending[15m]) >= 0 unless on (instance) b_up"))
                .containsOnlyKeys("a_pending", "b_up");
        assertThat(PromQl.groupingLabels("sum(rate(x[5m])) by (service, table) / on (job) y"))
                .containsExactly("service", "table", "job");
        assertThatIllegalArgumentException().isThrownBy(() -> PromQl.selectors("{__name__=~\"bakery_.*\"}"));
    }

    @Test
    void variablesAreCheckedAgainstWhatAServiceReads() {
        ServiceModule orders = Fleet.SERVICES.get("orders-service");
        SpringProperties properties = SpringProperties.of(orders);
        assertThat(properties.propertyOf("MANAGEMENT_SERVER_PORT")).contains("management.server.port");
        assertThat(properties.propertyOf("DELETION_TOKENS_SIGNINGKEYS_1_PUBLICKEY"))
                .isPresent();
        assertThat(properties.propertyOf("DELETION_TOKENS_SIGNINGKEYS_1_COLOUR"))
                .isEmpty();
        assertThat(properties.propertyOf("DELETION_TOKENS_SIGNING_KEYS_0_ID")).isEmpty();
        assertThat(Fleet.unread(orders, properties, "DB_URL", Set.of())).isEmpty();
        assertThat(Fleet.unread(orders, properties, "ORCHESTRATOR_WORKER_ENABLED", Set.of()))
                .isPresent();
        assertThat(Fleet.unread(orders, properties, "ORDERS_DB_URL", Set.of())).isPresent();
        ServiceModule tenant = Fleet.SERVICES.get("tenant-service");
        assertThat(Fleet.unread(tenant, SpringProperties.of(tenant), "BAKERY_CONFIG_DIR", Set.of()))
                .isPresent();
        assertThat(Fleet.unread(tenant, SpringProperties.of(tenant), "BAKERY_CONFIG_DIR", Set.of("local")))
                .isEmpty();
        assertThat(orders.variablesToSet(Set.of()))
                .contains("DB_URL", "ORCHESTRATOR_JWKS_URI")
                .doesNotContain("DB_POOL_SIZE");
        assertThat(Fleet.SERVICES.get("pos-service").variablesToSet(Set.of())).contains("POS_CREDENTIALS_KEY");
        assertThat(Fleet.SERVICES.get("pos-service").variablesToSet(Set.of("local")))
                .doesNotContain("POS_CREDENTIALS_KEY");
    }

    @Test
    void networkPoliciesLetInOnlyTheirSources() {
        String yaml = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: a}
                spec: {template: {metadata: {labels: {app: a, role: domain}}}}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: b}
                spec: {template: {metadata: {labels: {app: b}}}}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: open}
                spec: {template: {metadata: {labels: {app: open}}}}
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny}
                spec: {podSelector: {matchExpressions: [{key: app, operator: In, values: [a, b]}]}, policyTypes: [Ingress]}
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: a-from-b}
                spec:
                  podSelector: {matchLabels: {role: domain}}
                  ingress:
                  - from: [{podSelector: {matchLabels: {app: b}}}]
                    ports: [{port: http}]
                  - from: [{namespaceSelector: {matchLabels: {name: monitoring}}}]
                    ports: [{port: 9090}]
                """;
        KubernetesManifests k8s = new KubernetesManifests("test", Yamls.documents(yaml, "test"));
        var a = k8s.find("Deployment", "a").orElseThrow();
        assertThat(k8s.allowedSources(a, "http", 8101)).containsExactly("b");
        assertThat(k8s.allowedSources(a, "management", 9090))
                .singleElement()
                .asString()
                .startsWith("namespace:");
        assertThat(k8s.allowedSources(k8s.find("Deployment", "b").orElseThrow(), "http", 8102))
                .isEmpty();
        assertThat(k8s.allowedSources(k8s.find("Deployment", "open").orElseThrow(), "http", 8103))
                .containsExactly("anyone");
    }
}
