package com.bakeryia.orchestrator.job;

import com.bakeryia.orchestrator.store.DeletionJob;
import com.bakeryia.orchestrator.store.DeletionStep;
import com.bakeryia.orchestrator.store.JobStatus;
import com.bakeryia.orchestrator.store.StepStatus;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** The job JSON of the API (snake_case), as agreed with tenant-service. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record DeletionJobView(
        UUID jobId,
        UUID tenantId,
        JobStatus status,
        String requestedBy,
        @Nullable String reason,
        Instant notBefore,
        Instant createdAt,
        @Nullable Instant startedAt,
        @Nullable Instant finishedAt,
        int attempt,
        @Nullable String error,
        List<StepView> steps,
        long totalDeleted,
        Links links) {

    static final String JOBS_PATH = "/api/v1/deletion-jobs/";

    static DeletionJobView of(DeletionJob job) {
        String self = JOBS_PATH + job.id();
        return new DeletionJobView(
                job.id(),
                job.tenantId(),
                job.status(),
                job.requestedBy(),
                job.reason(),
                job.notBefore(),
                job.createdAt(),
                job.startedAt(),
                job.finishedAt(),
                job.attempt(),
                job.error(),
                job.steps().stream().map(StepView::of).toList(),
                job.totalDeleted(),
                new Links(self, job.status() == JobStatus.COMPLETED ? self + "/receipt" : null));
    }

    /** One step. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record StepView(
            String serviceName,
            StepStatus status,
            int attempts,
            Map<String, Long> deletedCounts,
            List<String> errors,
            boolean verified,
            @Nullable Instant startedAt,
            @Nullable Instant finishedAt,
            @Nullable Long durationMs) {

        static StepView of(DeletionStep step) {
            return new StepView(
                    step.serviceName(),
                    step.status(),
                    step.attempts(),
                    step.deletedCounts(),
                    step.errors(),
                    step.verified(),
                    step.startedAt(),
                    step.finishedAt(),
                    step.durationMs());
        }
    }

    /** Where the job and, once COMPLETED, its receipt are. */
    record Links(String self, @Nullable String receipt) {}
}
