package com.bakeryia.deployment;

import static com.bakeryia.deployment.Fleet.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The alerts and the dashboard as files: one set of rules for Kubernetes and docker compose, every alert the
 * operators need with a runbook section that exists, every expression readable. Whether their metrics exist is
 * checked against a running fleet by e2e-tests' MonitoringE2eTests.
 */
class MonitoringFilesTests {

    private static final Set<String> ALERTS = Set.of(
            "DeletionJobFailed",
            "DeletionJobRetryingLong",
            "DeletionJobDeadlineNear",
            "DeletionJobStuck",
            "DeletionCircuitBreakerOpen",
            "DeletionResidueFound",
            "DeletionOutboxBacklog",
            "RetentionPurgeFailing");

    @Test
    void composePrometheusLoadsTheSameRulesAsThePrometheusRule() {
        Object composeGroups = Yamls.listAt(Yamls.document(ROOT.resolve(MonitoringFiles.COMPOSE_ALERTS)), "groups");
        assertThat(composeGroups).isEqualTo(MonitoringFiles.ruleGroups(ROOT));
    }

    @Test
    void everyAlertTheOperatorsNeedIsThereWithItsRunbookSection() {
        List<MonitoringFiles.Alert> alerts = MonitoringFiles.alerts(ROOT);
        assertThat(alerts)
                .extracting(MonitoringFiles.Alert::name)
                .containsAll(ALERTS)
                .doesNotHaveDuplicates();
        Set<String> anchors = runbookAnchors();
        List<String> problems = new ArrayList<>();
        for (MonitoringFiles.Alert alert : alerts) {
            if (!Set.of("critical", "warning", "info")
                    .contains(String.valueOf(alert.labels().get("severity")))) {
                problems.add(alert.name() + ": severity " + alert.labels().get("severity"));
            }
            for (String annotation : List.of("summary", "description", "runbook_url")) {
                if (String.valueOf(alert.annotations().getOrDefault(annotation, ""))
                        .isBlank()) {
                    problems.add(alert.name() + ": no " + annotation);
                }
            }
            String runbook = String.valueOf(alert.annotations().getOrDefault("runbook_url", ""));
            String anchor = runbook.contains("#") ? runbook.substring(runbook.indexOf('#') + 1) : "";
            if (!runbook.contains("docs/runbook.md#") || !anchors.contains(anchor)) {
                problems.add(
                        alert.name() + ": runbook_url " + runbook + " is no section of docs/runbook.md " + anchors);
            }
            if (!anchor.equals(alert.name().toLowerCase(Locale.ROOT))) {
                problems.add(alert.name() + ": runbook anchor " + anchor + " is not the alert's name");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyExpressionSelectsNamedMetrics() {
        List<MonitoringFiles.Expression> expressions = MonitoringFiles.expressions(ROOT);
        assertThat(expressions).hasSizeGreaterThan(ALERTS.size());
        List<String> problems = new ArrayList<>();
        for (MonitoringFiles.Expression expression : expressions) {
            try {
                Map<String, Set<String>> selectors = PromQl.selectors(expression.promQl());
                if (selectors.isEmpty()) {
                    problems.add(expression.origin() + ": selects no metric: " + expression.promQl());
                }
            } catch (IllegalArgumentException ex) {
                problems.add(expression.origin() + ": " + ex.getMessage());
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theJobAlertsReadTheJobsAsTheyAreNowNotAWindow() {
        Map<String, String> expressions = MonitoringFiles.alerts(ROOT).stream()
                .collect(Collectors.toMap(MonitoringFiles.Alert::name, MonitoringFiles.Alert::expression));
        // A FAILED job fires for as long as it is FAILED: a gauge of FAILED jobs, no increase() over a window.
        assertThat(expressions.get("DeletionJobFailed")).isEqualTo("max(bakery_deletion_jobs{status=\"FAILED\"}) > 0");
        assertThat(PromQl.selectors(expressions.get("DeletionJobRetryingLong")))
                .containsOnlyKeys("bakery_deletion_jobs_longest_retrying_seconds");
        assertThat(PromQl.selectors(expressions.get("DeletionJobDeadlineNear")))
                .containsOnlyKeys("bakery_deletion_jobs_nearest_deadline_seconds");
        assertThat(expressions.get("DeletionJobDeadlineNear")).endsWith("< 3 * 86400");
    }

    @Test
    void theDashboardCoversWhatOperatorsWatch() {
        JsonNode dashboard = MonitoringFiles.dashboard(ROOT);
        assertThat(dashboard.path("uid").asText()).isEqualTo("bakery-ia-deletion");
        Set<String> metrics = MonitoringFiles.expressions(ROOT).stream()
                .filter(expression -> expression.origin().startsWith("panel"))
                .flatMap(expression -> PromQl.selectors(expression.promQl()).keySet().stream())
                .collect(Collectors.toSet());
        assertThat(metrics)
                .as("jobs by status, duration percentiles, rows erased per service, retries, breaker states")
                .contains(
                        "bakery_deletion_jobs_finished_total",
                        "bakery_deletion_jobs",
                        "bakery_deletion_job_seconds_bucket",
                        "bakery_deletion_step_rows_deleted_total",
                        "resilience4j_retry_calls_total",
                        "resilience4j_circuitbreaker_state");
        Set<String> titles = new HashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(titles.add(panel.path("title").asText()))
                    .as("unique panel title %s", panel.path("title"))
                    .isTrue();
        }
    }

    /** GitHub's anchors of the runbook's headings: lower case, spaces to dashes, punctuation dropped. */
    private static Set<String> runbookAnchors() {
        return Yamls.read(ROOT.resolve("docs/runbook.md"))
                .lines()
                .filter(line -> line.startsWith("#"))
                .map(line -> line.replaceFirst("^#+\\s*", "")
                        .strip()
                        .toLowerCase(Locale.ROOT)
                        .replaceAll("[^a-z0-9 _-]", "")
                        .replace(' ', '-'))
                .collect(Collectors.toSet());
    }
}
