package com.bakeryia.orchestrator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.orchestrator.store.JobStatus;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeletionJobMetricsTests {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final DeletionJobMetrics metrics = new DeletionJobMetrics(registry);

    @Test
    void registersEveryEndStatusAtZeroBeforeAnyJobFinished() {
        assertThat(registry.scrape())
                .contains("bakery_deletion_jobs_finished_total{status=\"COMPLETED\"} 0.0")
                .contains("bakery_deletion_jobs_finished_total{status=\"FAILED\"} 0.0")
                .contains("bakery_deletion_jobs_finished_total{status=\"CANCELLED\"} 0.0");
    }

    @Test
    void preRegistersExactlyTheEndStatesOfAJob() {
        assertThat(DeletionJobMetrics.END_STATUSES)
                .containsExactlyInAnyOrderElementsOf(
                        EnumSet.of(JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELLED).stream()
                                .map(JobStatus::name)
                                .toList());
    }

    @Test
    void countsFinishedJobsOnTopOfTheRegisteredZero() {
        metrics.jobFinished("FAILED", Duration.ofSeconds(3));
        metrics.jobFinished("CANCELLED");

        assertThat(registry.scrape())
                .contains("bakery_deletion_jobs_finished_total{status=\"FAILED\"} 1.0")
                .contains("bakery_deletion_jobs_finished_total{status=\"CANCELLED\"} 1.0")
                .contains("bakery_deletion_jobs_finished_total{status=\"COMPLETED\"} 0.0");
    }

    @Test
    void publishesJobDurationsAsAHistogramFromTenMillisecondsToAnHour() {
        metrics.jobFinished("COMPLETED", Duration.ofSeconds(42));

        String scrape = registry.scrape();

        assertThat(scrape)
                .contains("bakery_deletion_job_seconds_bucket{outcome=\"completed\",le=\"+Inf\"} 1")
                .contains("bakery_deletion_job_seconds_count{outcome=\"completed\"} 1")
                .contains("bakery_deletion_job_seconds_max{outcome=\"completed\"} 42.0");
        assertThat(boundaries(scrape, "bakery_deletion_job_seconds_bucket"))
                .hasSizeGreaterThan(20)
                .startsWith(0.01)
                .endsWith(3600.0, Double.POSITIVE_INFINITY);
    }

    @Test
    void publishesStepDurationsAsAHistogramFromFiveMillisecondsToHalfAnHour() {
        metrics.stepFinished("orders-service", true, Duration.ofMillis(250), 7);

        String scrape = registry.scrape();

        assertThat(scrape)
                .contains(
                        "bakery_deletion_step_seconds_bucket{outcome=\"succeeded\",service=\"orders-service\",le=\"+Inf\"} 1")
                .contains("bakery_deletion_step_rows_deleted_total{service=\"orders-service\"} 7.0");
        assertThat(boundaries(scrape, "bakery_deletion_step_seconds_bucket"))
                .hasSizeGreaterThan(20)
                .startsWith(0.005)
                .endsWith(1800.0, Double.POSITIVE_INFINITY);
    }

    private static List<Double> boundaries(String scrape, String bucket) {
        return scrape.lines()
                .filter(line -> line.startsWith(bucket + "{"))
                .map(line -> line.replaceAll(".*le=\"([^\"]+)\".*", "$1"))
                .map(le -> le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le))
                .toList();
    }
}
