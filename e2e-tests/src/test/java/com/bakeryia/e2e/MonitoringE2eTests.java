package com.bakeryia.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.deployment.MonitoringFiles;
import com.bakeryia.deployment.PromQl;
import com.bakeryia.deployment.Repository;
import com.bakeryia.e2e.RunningFleet.SeededTenant;
import com.bakeryia.tools.FleetService;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The monitoring files against what the running services export: every metric an alert or a dashboard panel
 * queries, with the labels it matches and groups on, is in some service's /actuator/prometheus once a job ran
 * (a renamed meter or tag breaks this), and the actuator paths the manifests probe and scrape answer.
 */
@ExtendWith(FleetExtension.class)
class MonitoringE2eTests {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+\\S+.*$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void everyMetricTheAlertsAndTheDashboardQueryIsExportedWithTheLabelsTheyUse(RunningFleet fleet) {
        SeededTenant tenant = fleet.seedTenant(300);
        UUID job = fleet.api().deleteTenant(tenant.ownerToken(), tenant.id());
        fleet.api().awaitStatus(fleet.tokens().ops(), job, "COMPLETED", Duration.ofMinutes(3));

        Map<String, Set<String>> exported = new TreeMap<>();
        for (FleetService service : FleetService.ALL) {
            String text = get(fleet.api().serviceUrl(service, "/actuator/prometheus"), 200);
            for (String line : text.lines().toList()) {
                Matcher sample = SAMPLE.matcher(line);
                if (line.startsWith("#") || !sample.matches()) {
                    continue;
                }
                Set<String> labels = exported.computeIfAbsent(sample.group(1), any -> new TreeSet<>());
                if (sample.group(3) != null) {
                    Matcher label = LABEL.matcher(sample.group(3));
                    while (label.find()) {
                        labels.add(label.group(1));
                    }
                }
            }
        }

        List<String> problems = new ArrayList<>();
        List<MonitoringFiles.Expression> expressions = MonitoringFiles.expressions(Repository.root());
        for (MonitoringFiles.Expression expression : expressions) {
            Set<String> labelsOfSelected = new HashSet<>();
            PromQl.selectors(expression.promQl()).forEach((metric, labels) -> {
                Set<String> exportedLabels = exported.get(metric);
                if (exportedLabels == null) {
                    problems.add(expression.origin() + ": no service exports " + metric);
                    return;
                }
                labelsOfSelected.addAll(exportedLabels);
                labels.stream()
                        .filter(label -> !exportedLabels.contains(label))
                        .forEach(label -> problems.add(
                                expression.origin() + ": " + metric + " has no label " + label + " " + exportedLabels));
            });
            PromQl.groupingLabels(expression.promQl()).stream()
                    .filter(label -> !label.equals("le") || !labelsOfSelected.contains("le"))
                    .filter(label -> !labelsOfSelected.contains(label) && !labelsOfSelected.isEmpty())
                    .forEach(label -> problems.add(expression.origin() + ": groups on " + label
                            + ", which none of its metrics has " + labelsOfSelected));
        }
        assertThat(expressions).hasSizeGreaterThan(5);
        assertThat(problems).isEmpty();
    }

    @Test
    void theProbeScrapeAndKeyPathsOfTheManifestsAnswerOnEveryService(RunningFleet fleet) throws IOException {
        ObjectMapper json = new ObjectMapper();
        for (FleetService service : FleetService.ALL) {
            for (String path :
                    List.of("/actuator/health/liveness", "/actuator/health/readiness", "/actuator/prometheus")) {
                get(fleet.api().serviceUrl(service, path), 200);
            }
            boolean signs = service.equals(FleetService.TENANT) || service.equals(FleetService.ORCHESTRATOR);
            if (signs) {
                JsonNode actuator = json.readTree(get(fleet.api().serviceUrl(service, "/actuator/jwks"), 200));
                JsonNode wellKnown = json.readTree(get(fleet.api().serviceUrl(service, "/.well-known/jwks.json"), 200));
                assertThat(actuator).as("%s /actuator/jwks", service.name()).isEqualTo(wellKnown);
                assertThat(actuator.path("keys")).isNotEmpty();
            } else {
                // No signing keys, no such endpoint: refused like any unknown path, never an empty key set.
                int status = status(fleet.api().serviceUrl(service, "/actuator/jwks"));
                assertThat(status).as("%s /actuator/jwks", service.name()).isIn(401, 404);
            }
        }
    }

    private int status(String url) {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(10))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException ex) {
            throw new UncheckedIOException("GET " + url, ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private String get(String url, int expectedStatus) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(10))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("GET %s", url).isEqualTo(expectedStatus);
            return response.body();
        } catch (IOException ex) {
            throw new UncheckedIOException("GET " + url, ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
