package com.bakeryia.orchestrator.receipt;

import com.bakeryia.fleet.token.ClaimsSigner;
import com.bakeryia.orchestrator.audit.AuditTrail;
import com.bakeryia.orchestrator.audit.ChainVerification;
import com.bakeryia.orchestrator.job.DeletionJob;
import com.bakeryia.orchestrator.job.DeletionJobRepository;
import com.bakeryia.orchestrator.job.DeletionStep;
import com.bakeryia.orchestrator.job.JobProblems;
import com.bakeryia.orchestrator.job.JobStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Receipts of completed jobs: a JWS (ES256, signed with the orchestrator's service-token key,
 * verifiable with {@code /.well-known/jwks.json}) over what was erased, per service and table,
 * whether each service verified it, the job's timestamps and the head of its audit chain, which
 * is re-verified before every receipt.
 */
public class DeletionReceipts {

    /** The {@code typ} header of receipts. */
    public static final String TYPE = "deletion-receipt+jwt";

    private final DeletionJobRepository jobs;
    private final AuditTrail audit;
    private final ClaimsSigner signer;

    DeletionReceipts(DeletionJobRepository jobs, AuditTrail audit, ClaimsSigner signer) {
        this.jobs = jobs;
        this.audit = audit;
        this.signer = signer;
    }

    /**
     * Signs the receipt of a COMPLETED job.
     *
     * @throws org.springframework.web.ErrorResponseException 404 for an unknown job, 409 for a job
     *     not COMPLETED or whose audit chain does not verify
     */
    public String issue(UUID jobId) {
        DeletionJob job = jobs.require(jobId);
        if (job.status() != JobStatus.COMPLETED) {
            throw JobProblems.conflict(
                    "Deletion job " + jobId + " is " + job.status() + "; only a COMPLETED job has a receipt");
        }
        ChainVerification chain = audit.verify(jobId);
        if (!chain.valid()) {
            throw JobProblems.conflict(
                    "The audit chain of deletion job " + jobId + " does not verify (" + chain.problem() + ")");
        }
        Map<String, Object> services = new LinkedHashMap<>();
        for (DeletionStep step : job.steps()) {
            Map<String, Object> service = new LinkedHashMap<>();
            service.put("deleted_counts", step.deletedCounts());
            service.put("total_deleted", step.totalDeleted());
            service.put("verified", step.verified());
            service.put("attempts", step.attempts());
            service.put("started_at", text(step.startedAt()));
            service.put("finished_at", text(step.finishedAt()));
            services.put(step.serviceName(), service);
        }
        Map<String, Object> auditClaim = new LinkedHashMap<>();
        auditClaim.put("algorithm", "SHA-256");
        auditClaim.put("events", chain.events());
        auditClaim.put("chain_head", chain.head());
        auditClaim.put("chain_verified", true);
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", jobId.toString());
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("job_id", jobId.toString());
        claims.put("tenant_id", job.tenantId().toString());
        claims.put("status", job.status().name());
        claims.put("requested_by", job.requestedBy());
        claims.put("created_at", text(job.createdAt()));
        claims.put("started_at", text(job.startedAt()));
        claims.put("finished_at", text(job.finishedAt()));
        claims.put("verified", job.steps().stream().allMatch(DeletionStep::verified));
        claims.put("total_deleted", job.totalDeleted());
        claims.put("services", services);
        claims.put("audit", auditClaim);
        return signer.sign(TYPE, claims);
    }

    private static @Nullable String text(@Nullable Instant instant) {
        return instant != null ? instant.toString() : null;
    }
}
