package com.bakeryia.orchestrator.job;

import com.bakeryia.deletion.token.CanonicalUuid;
import com.bakeryia.orchestrator.metrics.DeletionJobMetrics;
import com.bakeryia.orchestrator.security.Caller;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The job API: create (idempotent), read, list, retry and cancel. */
@RestController
@RequestMapping("/api/v1/deletion-jobs")
class DeletionJobController {

    private static final int MAX_TEXT_LENGTH = 1000;

    private final DeletionJobRepository jobs;
    private final DeletionJobMetrics metrics;
    private final Clock clock;

    DeletionJobController(DeletionJobRepository jobs, DeletionJobMetrics metrics, Clock clock) {
        this.jobs = jobs;
        this.metrics = metrics;
        this.clock = clock;
    }

    @PutMapping("/{jobId}")
    ResponseEntity<DeletionJobView> create(
            @PathVariable String jobId, @RequestBody CreateDeletionJobRequest body, Authentication authentication) {
        UUID id = jobId(jobId);
        if (body.tenantId() == null) {
            throw JobProblems.badRequest("tenant_id is required");
        }
        if (!StringUtils.hasText(body.requestedBy()) || body.requestedBy().length() > MAX_TEXT_LENGTH) {
            throw JobProblems.badRequest("requested_by is required (at most " + MAX_TEXT_LENGTH + " characters)");
        }
        if (body.reason() != null && body.reason().length() > MAX_TEXT_LENGTH) {
            throw JobProblems.badRequest("reason has more than " + MAX_TEXT_LENGTH + " characters");
        }
        Caller caller = Caller.of(authentication);
        if (!caller.mayActOnTenant(body.tenantId())) {
            throw JobProblems.forbidden("The token is bound to another tenant than tenant_id " + body.tenantId());
        }
        DeletionJobRepository.Creation creation = jobs.create(new NewDeletionJob(
                id,
                body.tenantId(),
                body.requestedBy(),
                body.reason(),
                body.notBefore() != null ? body.notBefore() : clock.instant(),
                caller.name()));
        DeletionJobView view = DeletionJobView.of(creation.job());
        return ResponseEntity.status(creation.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .location(URI.create(view.links().self()))
                .body(view);
    }

    @GetMapping("/{jobId}")
    DeletionJobView get(@PathVariable String jobId) {
        return DeletionJobView.of(jobs.require(jobId(jobId)));
    }

    @GetMapping
    JobPageView list(
            @RequestParam(name = "tenant_id", required = false) @Nullable String tenantId,
            @RequestParam(required = false) @Nullable String status,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        if (tenantId != null && !CanonicalUuid.isCanonical(tenantId)) {
            throw JobProblems.badRequest("tenant_id is not a UUID: " + tenantId);
        }
        if (page < 0 || size < 1 || size > DeletionJobRepository.MAX_PAGE_SIZE) {
            throw JobProblems.badRequest(
                    "page must be >= 0 and size between 1 and " + DeletionJobRepository.MAX_PAGE_SIZE);
        }
        DeletionJobRepository.JobPage result = jobs.list(
                tenantId != null ? UUID.fromString(tenantId) : null,
                status != null ? status(status) : null,
                page,
                size);
        return new JobPageView(
                result.jobs().stream().map(DeletionJobView::of).toList(),
                result.page(),
                result.size(),
                result.totalItems(),
                (result.totalItems() + size - 1) / size);
    }

    @PostMapping("/{jobId}/retry")
    DeletionJobView retry(@PathVariable String jobId, Authentication authentication) {
        return DeletionJobView.of(
                jobs.retry(jobId(jobId), Caller.of(authentication).name()));
    }

    @PostMapping("/{jobId}/cancel")
    DeletionJobView cancel(@PathVariable String jobId, Authentication authentication) {
        UUID id = jobId(jobId);
        Caller caller = Caller.of(authentication);
        DeletionJob job = jobs.require(id);
        if (!caller.mayActOnTenant(job.tenantId())) {
            throw JobProblems.forbidden("The token is bound to another tenant than the job's");
        }
        DeletionJob cancelled = jobs.cancel(id, caller.name());
        metrics.jobFinished(JobStatus.CANCELLED.name());
        return DeletionJobView.of(cancelled);
    }

    /** One page of jobs, newest first. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record JobPageView(List<DeletionJobView> items, int page, int size, long totalItems, long totalPages) {}

    private static UUID jobId(String jobId) {
        if (!CanonicalUuid.isCanonical(jobId)) {
            throw JobProblems.badRequest("The job id is not a UUID: " + jobId);
        }
        return UUID.fromString(jobId);
    }

    private static JobStatus status(String status) {
        try {
            return JobStatus.valueOf(status.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException ex) {
            throw JobProblems.badRequest("Unknown status " + status + "; one of " + List.of(JobStatus.values()));
        }
    }
}
