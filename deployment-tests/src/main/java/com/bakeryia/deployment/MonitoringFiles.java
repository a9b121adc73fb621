package com.bakeryia.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The alert rules and the Grafana dashboard of k8s/base/monitoring (docker compose uses the same files). */
public final class MonitoringFiles {

    public static final String PROMETHEUS_RULE = "k8s/base/monitoring/prometheus-rule.yaml";
    public static final String COMPOSE_ALERTS = "deploy/prometheus/alerts.yml";
    public static final String DASHBOARD = "k8s/base/monitoring/deletion-fleet-dashboard.json";

    private MonitoringFiles() {}

    /** One PromQL expression and where it comes from (an alert's or a dashboard panel's name). */
    public record Expression(String origin, String promQl) {}

    /** One alerting rule. */
    public record Alert(String name, String expression, Map<String, Object> labels, Map<String, Object> annotations) {}

    /** The PrometheusRule's groups, as written. */
    public static List<Object> ruleGroups(Path root) {
        return Yamls.listAt(Yamls.document(root.resolve(PROMETHEUS_RULE)), "spec", "groups");
    }

    public static List<Alert> alerts(Path root) {
        List<Alert> alerts = new ArrayList<>();
        for (Object group : ruleGroups(root)) {
            for (Object rule : Yamls.listAt(group, "rules")) {
                String name = Yamls.stringAt(rule, "alert");
                if (name != null) {
                    alerts.add(new Alert(
                            name,
                            String.valueOf(Yamls.at(rule, "expr")),
                            Yamls.mapAt(rule, "labels"),
                            Yamls.mapAt(rule, "annotations")));
                }
            }
        }
        return alerts;
    }

    public static JsonNode dashboard(Path root) {
        try {
            return new ObjectMapper().readTree(root.resolve(DASHBOARD).toFile());
        } catch (IOException ex) {
            throw new UncheckedIOException("Cannot read " + DASHBOARD, ex);
        }
    }

    /** Every PromQL expression of the alerts, the recording rules and the dashboard's panels (rows included). */
    public static List<Expression> expressions(Path root) {
        List<Expression> expressions = new ArrayList<>();
        for (Object group : ruleGroups(root)) {
            for (Object rule : Yamls.listAt(group, "rules")) {
                String name = Yamls.stringAt(rule, "alert");
                if (name == null) {
                    name = Yamls.stringAt(rule, "record");
                }
                expressions.add(new Expression("rule " + name, String.valueOf(Yamls.at(rule, "expr"))));
            }
        }
        collectPanels(dashboard(root).path("panels"), expressions);
        return expressions;
    }

    private static void collectPanels(JsonNode panels, List<Expression> expressions) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                if (target.hasNonNull("expr")) {
                    expressions.add(new Expression(
                            "panel '" + panel.path("title").asText() + "'",
                            target.path("expr").asText()));
                }
            }
            collectPanels(panel.path("panels"), expressions);
        }
    }
}
