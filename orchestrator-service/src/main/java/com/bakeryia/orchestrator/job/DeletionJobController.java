package com.bakeryia.orchestrator.job;

import com.bakeryia.fleet.web.FleetProblem;
import com.bakeryia.fleet.web.InvalidId;
import com.bakeryia.orchestrator.metrics.DeletionJobMetrics;
import com.bakeryia.orchestrator.security.Caller;
import com.bakeryia.orchestrator.store.AdminAction;
import com.bakeryia.orchestrator.store.AdminActionType;
import com.bakeryia.orchestrator.store.AdminActions;
import com.bakeryia.orchestrator.store.DeletionJob;
import com.bakeryia.orchestrator.store.JobStatus;
import com.bakeryia.orchestrator.store.JobStore;
import com.bakeryia.orchestrator.store.NewDeletionJob;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
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

/**
 * The job API: create (idempotent), read, list, retry and cancel; an administrator's create, cancel
 * and expedite, which wait for a second administrator's approval, and that approval.
 */
@RestController
@RequestMapping("/api/v1/deletion-jobs")
@Tag(
        name = "Deletion jobs",
        description = "Tenant deletion jobs: create (idempotent), read, list, retry and cancel. tenant-service"
                + " creates and cancels jobs with its service token (the owner's request). Operators (user token"
                + " with the role deletion-ops) read, follow and retry. Administrators (deletion-admin) may do what"
                + " operators may, and ask to create, cancel or expedite a job: each request waits for a second,"
                + " different administrator's approval (four eyes).")
@InvalidId(problem = FleetProblem.INVALID_REQUEST, detail = "The %4$s is not a UUID: %2$s")
class DeletionJobController {

    private static final int MAX_TEXT_LENGTH = 1000;

    private final JobStore jobs;
    private final AdminActions adminActions;
    private final DeletionJobMetrics metrics;

    DeletionJobController(JobStore jobs, AdminActions adminActions, DeletionJobMetrics metrics) {
        this.jobs = jobs;
        this.adminActions = adminActions;
        this.metrics = metrics;
    }

    @PutMapping("/{jobId}")
    @Operation(
            operationId = "createDeletionJob",
            summary = "Create a tenant deletion job (idempotent)",
            description = "Creates the job with this id for tenant_id, unless the id exists or the tenant already"
                    + " has an active (PENDING, IN_PROGRESS, RETRYING or FAILED) job: that job is answered"
                    + " instead. not_before defaults to now (the database's clock); the job's deadline is"
                    + " its due time plus orchestrator.jobs.deadline (P25D). Caller:"
                    + " tenant-service's service token (aud orchestrator-service, scope deletion-jobs.write, job_id"
                    + " equal to the path's, tenant_id equal to the body's): the owner's request, due at its"
                    + " not_before. Or an administrator (user token with the role deletion-admin) with a reason"
                    + " (required, 1 to 1000 characters): the job is created awaiting_approval, with a pending"
                    + " CREATE request, and no worker starts it until a second, different administrator approves"
                    + " it (POST .../approvals/{requestId}).")
    @ApiResponse(responseCode = "201", description = "Created; Location is the job's URL")
    @ApiResponse(
            responseCode = "200",
            description = "Not created: the job with this id, or the tenant's active job, already existed")
    @ApiResponse(responseCode = "400", description = "A field is missing or too long (an administrator's reason)")
    @ApiResponse(responseCode = "403", description = "Neither tenant-service nor an administrator, or another tenant")
    @ApiResponse(responseCode = "409", description = "The job id belongs to a job of another tenant")
    ResponseEntity<DeletionJobView> create(
            @PathVariable("jobId") UUID id, @RequestBody CreateDeletionJobRequest body, Authentication authentication) {
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
        NewDeletionJob job = new NewDeletionJob(
                id, body.tenantId(), body.requestedBy(), body.reason(), body.notBefore(), caller.name());
        JobStore.Creation creation;
        if (caller.service()) {
            creation = jobs.create(job);
        } else if (caller.admin()) {
            requireReason(body.reason());
            creation = adminActions.requestCreation(job);
        } else {
            throw JobProblems.forbidden("Only tenant-service or an administrator (deletion-admin) creates a job");
        }
        if (creation.outcome() == JobStore.CreationOutcome.ID_OF_ANOTHER_TENANT) {
            throw JobProblems.conflict("Deletion job " + id + " exists for another tenant");
        }
        DeletionJobView view = DeletionJobView.of(creation.job());
        return ResponseEntity.status(
                        creation.outcome() == JobStore.CreationOutcome.CREATED ? HttpStatus.CREATED : HttpStatus.OK)
                .location(URI.create(view.links().self()))
                .body(view);
    }

    @GetMapping("/{jobId}")
    @Operation(
            operationId = "getDeletionJob",
            summary = "Get a deletion job with its steps",
            description = "The job's status (PENDING, IN_PROGRESS, RETRYING, COMPLETED, FAILED or CANCELLED), its"
                    + " deadline, next_attempt_at and retrying_since while RETRYING, whether it is cancellable,"
                    + " its failure_reason when FAILED (rejected, residue, deadline, not-configured), and its"
                    + " step per service with cumulative deleted row counts, retries, last error, next attempt,"
                    + " erased_before, errors and timings, and links to the job and (once COMPLETED) its"
                    + " receipt. Caller: an operator or administrator (user token with the role deletion-ops or deletion-admin), or tenant-service"
                    + " (scope deletion-jobs.read, job_id equal to the path's, tenant_id the job's tenant).")
    DeletionJobView get(@PathVariable UUID jobId, Authentication authentication) {
        DeletionJob job = jobs.find(jobId).orElseThrow(() -> JobProblems.notFound(jobId));
        if (!Caller.of(authentication).mayActOnTenant(job.tenantId())) {
            throw JobProblems.forbidden("The token is bound to another tenant than the job's");
        }
        return DeletionJobView.of(job);
    }

    @GetMapping
    @Operation(
            operationId = "listDeletionJobs",
            summary = "List deletion jobs, newest first",
            description =
                    "Optionally only one tenant's (tenant_id) or one status's jobs, a page at a time (size at"
                            + " most 100, 20 by default). Caller: an operator or administrator (user token with the role deletion-ops or deletion-admin).")
    @InvalidId(problem = FleetProblem.INVALID_REQUEST, detail = "%1$s is not a UUID: %2$s")
    JobPageView list(
            @RequestParam(name = "tenant_id", required = false) @Nullable UUID tenantId,
            @RequestParam(required = false) @Nullable String status,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        if (page < 0 || size < 1 || size > JobStore.MAX_PAGE_SIZE) {
            throw JobProblems.badRequest("page must be >= 0 and size between 1 and " + JobStore.MAX_PAGE_SIZE);
        }
        JobStore.JobPage result = jobs.list(tenantId, status != null ? status(status) : null, page, size);
        return new JobPageView(
                result.jobs().stream().map(DeletionJobView::of).toList(),
                result.page(),
                result.size(),
                result.totalItems(),
                (result.totalItems() + size - 1) / size);
    }

    @PostMapping("/{jobId}/retry")
    @Operation(
            operationId = "retryDeletionJob",
            summary = "Retry a failed deletion job",
            description = "Puts a FAILED job back to PENDING with its failed (and retrying) steps, their retry"
                    + " counts reset and a new deadline from now; steps that succeeded are not called again. A RETRYING"
                    + " job needs no retry: it is taken up again on its own. Caller: an ops user (user token with the"
                    + " role deletion-ops or deletion-admin).")
    @ApiResponse(responseCode = "200", description = "The job, PENDING again")
    @ApiResponse(responseCode = "409", description = "job-state-conflict: the job is not FAILED")
    DeletionJobView retry(@PathVariable UUID jobId, Authentication authentication) {
        JobStore.StateChange retry =
                jobs.retry(jobId, Caller.of(authentication).name()).orElseThrow(() -> JobProblems.notFound(jobId));
        if (!retry.changed()) {
            throw JobProblems.conflict(
                    "Deletion job " + jobId + " is " + retry.job().status() + "; only a FAILED job can be retried");
        }
        return DeletionJobView.of(retry.job());
    }

    @PostMapping("/{jobId}/cancel")
    @Operation(
            operationId = "cancelDeletionJob",
            summary = "Cancel a deletion job that has not started erasing",
            description = "A job can be cancelled until its first step starts (the point of no return): while"
                    + " PENDING (waiting out its grace period, say), or FAILED before any call. Afterwards it can only"
                    + " be finished. Cancelling a CANCELLED job answers it again (idempotent). Caller:"
                    + " tenant-service's service token (scope deletion-jobs.write, job_id equal to the path's,"
                    + " tenant_id the job's tenant), no body: cancelled at once (the owner's request). Or an"
                    + " administrator (role deletion-admin) with {\"reason\"} (1 to 1000 characters): answered 202,"
                    + " the job unchanged with a pending CANCEL request in pending_approvals (Location: where to"
                    + " approve it); a second, different administrator's approval cancels it, if it still can be.")
    @ApiResponse(responseCode = "200", description = "The job, CANCELLED (by this call or before)")
    @ApiResponse(
            responseCode = "202",
            description = "An administrator's request: the job with the pending CANCEL request; Location is where"
                    + " a second administrator approves it")
    @ApiResponse(responseCode = "400", description = "An administrator's reason is missing or too long")
    @ApiResponse(
            responseCode = "409",
            description = "job-not-cancellable: a step has started (the detail names the services that began"
                    + " erasing), a worker is running it, or it is COMPLETED; job-state-conflict: a CANCEL"
                    + " request already waits for approval")
    ResponseEntity<DeletionJobView> cancel(
            @PathVariable("jobId") UUID id,
            @RequestBody(required = false) @Nullable AdminActionRequest body,
            Authentication authentication) {
        Caller caller = Caller.of(authentication);
        if (!caller.service()) {
            return requestCancel(id, body, caller);
        }
        DeletionJob job = jobs.find(id).orElseThrow(() -> JobProblems.notFound(id));
        if (!caller.mayActOnTenant(job.tenantId())) {
            throw JobProblems.forbidden("The token is bound to another tenant than the job's");
        }
        JobStore.StateChange cancel = jobs.cancel(id, caller.name()).orElseThrow(() -> JobProblems.notFound(id));
        switch (cancel.outcome()) {
            case CHANGED -> metrics.jobFinished(JobStatus.CANCELLED.name());
            case ALREADY -> {}
            case REFUSED -> throw JobProblems.notCancellable(whyNotCancellable(cancel.job()));
        }
        return ResponseEntity.ok(DeletionJobView.of(cancel.job()));
    }

    private ResponseEntity<DeletionJobView> requestCancel(UUID id, @Nullable AdminActionRequest body, Caller caller) {
        if (!caller.admin()) {
            throw JobProblems.forbidden("Only tenant-service or an administrator (deletion-admin) cancels a job");
        }
        String reason = requireReason(body != null ? body.reason() : null);
        if (body.notBefore() != null) {
            throw JobProblems.badRequest("A cancel takes only reason, not not_before");
        }
        DeletionJob job = jobs.find(id).orElseThrow(() -> JobProblems.notFound(id));
        if (job.status() == JobStatus.CANCELLED) {
            return ResponseEntity.ok(DeletionJobView.of(job));
        }
        if (!job.cancellable()) {
            throw JobProblems.notCancellable(whyNotCancellable(job));
        }
        return requested(adminActions.requestCancel(id, caller.name(), reason));
    }

    @PostMapping("/{jobId}/expedite")
    @Operation(
            operationId = "expediteDeletionJob",
            summary = "Ask to put a deletion job forward (four eyes)",
            description = "An administrator (role deletion-admin) asks to start a PENDING job, not yet claimed,"
                    + " earlier: {\"not_before\", \"reason\"}, not_before earlier than the job's. Answered 202,"
                    + " the job unchanged with a pending EXPEDITE request in pending_approvals (Location: where to"
                    + " approve it); a second, different administrator's approval sets not_before (and the"
                    + " deadline from it), if the job is still not due.")
    @ApiResponse(
            responseCode = "202",
            description = "The job with the pending EXPEDITE request; Location is where a second administrator"
                    + " approves it")
    @ApiResponse(responseCode = "400", description = "not_before or the reason is missing, or the reason too long")
    @ApiResponse(
            responseCode = "409",
            description = "job-state-conflict: the job is not PENDING, was claimed, not_before is not earlier than"
                    + " the job's, or an EXPEDITE request already waits for approval")
    ResponseEntity<DeletionJobView> expedite(
            @PathVariable("jobId") UUID id, @RequestBody AdminActionRequest body, Authentication authentication) {
        Caller caller = Caller.of(authentication);
        if (!caller.admin()) {
            throw JobProblems.forbidden("Only an administrator (deletion-admin) puts a job forward");
        }
        if (body.notBefore() == null) {
            throw JobProblems.badRequest("not_before is required: the earlier time the job may start");
        }
        String reason = requireReason(body.reason());
        DeletionJob job = jobs.find(id).orElseThrow(() -> JobProblems.notFound(id));
        if (job.status() != JobStatus.PENDING || job.attempt() > 0) {
            throw JobProblems.conflict("Deletion job " + id + " is " + job.status()
                    + (job.attempt() > 0 ? " and was started" : "") + "; only a PENDING job that has not started can"
                    + " be put forward");
        }
        if (!body.notBefore().isBefore(job.notBefore())) {
            throw JobProblems.conflict(
                    "not_before " + body.notBefore() + " is not earlier than the job's " + job.notBefore());
        }
        return requested(adminActions.requestExpedite(id, caller.name(), reason, body.notBefore()));
    }

    @PostMapping("/{jobId}/approvals/{requestId}")
    @Operation(
            operationId = "approveDeletionJobAdminAction",
            summary = "Approve an administrator's request on a deletion job (four eyes)",
            description = "A second administrator (role deletion-admin, another user than the requester) approves"
                    + " a pending request of pending_approvals; in the same transaction the action is applied: CREATE"
                    + " lets workers start the job (its deadline counted from now if it is due), CANCEL cancels"
                    + " it, EXPEDITE sets its not_before. The audit trail records ADMIN_ACTION_APPROVED; the"
                    + " receipt lists the approved actions.")
    @ApiResponse(responseCode = "200", description = "Approved and applied: the job after it")
    @ApiResponse(
            responseCode = "403",
            description = "four-eyes-required: the approver is the requester; or not an administrator")
    @ApiResponse(responseCode = "404", description = "No such request on the job")
    @ApiResponse(
            responseCode = "409",
            description = "Approved before, or the action no longer applies (the job started, is due, ended or"
                    + " was cancelled); nothing changed")
    DeletionJobView approve(@PathVariable UUID jobId, @PathVariable UUID requestId, Authentication authentication) {
        Caller caller = Caller.of(authentication);
        if (!caller.admin()) {
            throw JobProblems.forbidden("Only an administrator (deletion-admin) approves");
        }
        AdminActions.Approval approval = adminActions
                .approve(jobId, requestId, caller.name())
                .orElseThrow(() -> JobProblems.notFound("request " + requestId + " on deletion job " + jobId));
        AdminAction request = approval.request();
        DeletionJob job = approval.job();
        return switch (approval.outcome()) {
            case APPROVED -> {
                if (request.action() == AdminActionType.CANCEL) {
                    metrics.jobFinished(JobStatus.CANCELLED.name());
                }
                yield DeletionJobView.of(job);
            }
            case SAME_ADMINISTRATOR ->
                throw JobProblems.fourEyesRequired("The " + request.action() + " request " + requestId
                        + " was made by you; a second, different administrator must approve it");
            case ALREADY_APPROVED ->
                throw JobProblems.conflict("The " + request.action() + " request " + requestId + " was approved by "
                        + request.approvedBy() + " at " + request.approvedAt());
            case NO_LONGER_APPLIES ->
                throw request.action() == AdminActionType.CANCEL
                        ? JobProblems.notCancellable(whyNotCancellable(job))
                        : JobProblems.conflict("The " + request.action() + " request " + requestId
                                + " no longer applies: deletion job " + jobId + " is " + job.status()
                                + (job.status() == JobStatus.PENDING ? " (due or claimed)" : "") + "; nothing changed");
        };
    }

    private static ResponseEntity<DeletionJobView> requested(AdminActions.Requested requested) {
        AdminAction request = requested.request();
        if (requested.outcome() == AdminActions.RequestOutcome.ALREADY_PENDING) {
            throw JobProblems.conflict("A " + request.action() + " request (" + request.requestId() + ", by "
                    + request.requestedBy() + ") of deletion job " + request.jobId() + " already waits for approval");
        }
        return ResponseEntity.accepted()
                .location(URI.create(DeletionJobView.JOBS_PATH + request.jobId() + "/approvals/" + request.requestId()))
                .body(DeletionJobView.of(requested.job()));
    }

    private static String requireReason(@Nullable String reason) {
        if (!StringUtils.hasText(reason) || reason.length() > MAX_TEXT_LENGTH) {
            throw JobProblems.badRequest(
                    "reason is required of an administrator's action (1 to " + MAX_TEXT_LENGTH + " characters)");
        }
        return reason;
    }

    private static String whyNotCancellable(DeletionJob job) {
        if (job.status() == JobStatus.COMPLETED) {
            return "Deletion job " + job.id() + " is COMPLETED: the tenant's data is erased";
        }
        List<String> started = job.startedServices();
        if (!started.isEmpty()) {
            return "Deletion job " + job.id() + " is " + job.status() + " and can no longer be cancelled: erasure has"
                    + " begun in " + String.join(", ", started) + " (the point of no return); it can only be finished"
                    + (job.status() == JobStatus.FAILED ? " (retry it)" : "");
        }
        return "Deletion job " + job.id() + " is " + job.status() + ": a worker has claimed it and is starting its"
                + " steps; it can only be finished";
    }

    /** One page of jobs, newest first. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record JobPageView(List<DeletionJobView> items, int page, int size, long totalItems, long totalPages) {}

    private static JobStatus status(String status) {
        try {
            return JobStatus.valueOf(status.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException ex) {
            throw JobProblems.badRequest("Unknown status " + status + "; one of " + List.of(JobStatus.values()));
        }
    }
}
