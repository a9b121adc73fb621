package com.bakeryia.orchestrator.receipt;

import com.bakeryia.deletion.api.DeletionResult.ErasedBefore;
import com.bakeryia.fleet.token.ClaimsSigner;
import com.bakeryia.fleet.token.JoseTypes;
import com.bakeryia.orchestrator.store.AdminAction;
import com.bakeryia.orchestrator.store.AuditTrail;
import com.bakeryia.orchestrator.store.ChainVerification;
import com.bakeryia.orchestrator.store.DeletionJob;
import com.bakeryia.orchestrator.store.DeletionStep;
import com.bakeryia.orchestrator.store.JobStatus;
import com.bakeryia.orchestrator.store.JobStore;
import com.bakeryia.orchestrator.store.LegalHold;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Receipts of completed jobs: a JWS (ES256, {@code typ} {@value #TYPE}, signed with the receipts'
 * own key, {@code orchestrator.receipts.signing-keys}, verifiable with {@code
 * /.well-known/receipt-jwks.json}; every token decoder of the fleet refuses that type) over what was erased, per service and table,
 * whether each service verified it, the job's timestamps and the head of its audit chain, which
 * is re-verified before every receipt.
 */
public class DeletionReceipts {

    /** The {@code typ} header of receipts. */
    public static final String TYPE = JoseTypes.DELETION_RECEIPT;

    /** Writes the claims records as the JSON objects the signer takes, in declaration order. */
    private static final ObjectMapper CLAIMS = JsonMapper.builder().build();

    private static final TypeReference<Map<String, Object>> CLAIMS_MAP = new TypeReference<>() {};

    private final JobStore jobs;
    private final AuditTrail audit;
    private final ClaimsSigner signer;

    DeletionReceipts(JobStore jobs, AuditTrail audit, ClaimsSigner signer) {
        this.jobs = jobs;
        this.audit = audit;
        this.signer = signer;
    }

    /**
     * Signs the receipt of a COMPLETED job.
     *
     * @return empty for an unknown job
     * @throws NoReceiptException for a job not COMPLETED or whose audit chain does not verify
     */
    public Optional<String> issue(UUID jobId) {
        return jobs.find(jobId).map(this::issue);
    }

    /**
     * The receipt of a COMPLETED job of this tenant, for a caller bound to it.
     *
     * @return empty when there is no such job, or it belongs to another tenant
     * @throws NoReceiptException when the job is not COMPLETED or its audit chain does not verify
     */
    public Optional<String> issue(UUID jobId, Predicate<UUID> mayReadTenant) {
        return jobs.find(jobId)
                .filter(job -> mayReadTenant.test(job.tenantId()))
                .map(this::issue);
    }

    private String issue(DeletionJob job) {
        UUID jobId = job.id();
        if (job.status() != JobStatus.COMPLETED) {
            throw new NoReceiptException(
                    "Deletion job " + jobId + " is " + job.status() + "; only a COMPLETED job has a receipt");
        }
        ChainVerification chain = audit.verify(jobId);
        if (!chain.valid()) {
            throw new NoReceiptException(
                    "The audit chain of deletion job " + jobId + " does not verify (" + chain.problem() + ")");
        }
        Map<String, ServiceClaim> services = new LinkedHashMap<>();
        for (DeletionStep step : job.steps()) {
            services.put(
                    step.serviceName(),
                    new ServiceClaim(
                            step.deletedCounts(),
                            step.totalDeleted(),
                            step.verified(),
                            step.attempts(),
                            text(step.startedAt()),
                            text(step.finishedAt()),
                            ErasedBeforeClaim.of(step.erasedBefore())));
        }
        ReceiptClaims claims = new ReceiptClaims(
                jobId.toString(),
                UUID.randomUUID().toString(),
                jobId.toString(),
                job.tenantId().toString(),
                job.status().name(),
                job.requestedBy(),
                text(job.createdAt()),
                text(job.startedAt()),
                text(job.finishedAt()),
                job.steps().stream().allMatch(DeletionStep::verified),
                job.totalDeleted(),
                services,
                new AuditClaim("SHA-256", chain.events(), chain.head(), true),
                job.approvedAdminActions().stream().map(AdminActionClaim::of).toList(),
                job.legalHolds().stream().map(LegalHoldClaim::of).toList());
        return signer.sign(TYPE, CLAIMS.convertValue(claims, CLAIMS_MAP));
    }

    /** The receipt's claims. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ReceiptClaims(
            String sub,
            String jti,
            String jobId,
            String tenantId,
            String status,
            String requestedBy,
            @Nullable String createdAt,
            @Nullable String startedAt,
            @Nullable String finishedAt,
            boolean verified,
            long totalDeleted,
            Map<String, ServiceClaim> services,
            AuditClaim audit,
            List<AdminActionClaim> adminActions,
            List<LegalHoldClaim> legalHolds) {}

    /**
     * A legal hold on the tenant during the job's life (placed before it ended, not lifted before it
     * was created), which kept it from starting until lifted; none for a job that was never held.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record LegalHoldClaim(
            String holdId,
            String reason,
            String reference,
            String placedBy,
            String placedAt,
            @Nullable String liftedBy,
            @Nullable String liftedAt,
            @Nullable String liftReason) {

        static LegalHoldClaim of(LegalHold hold) {
            return new LegalHoldClaim(
                    hold.id().toString(),
                    hold.reason(),
                    hold.reference(),
                    hold.placedBy(),
                    hold.placedAt().toString(),
                    hold.liftedBy(),
                    text(hold.liftedAt()),
                    hold.liftReason());
        }
    }

    /**
     * An administrator's action on the job, approved by a second administrator (four eyes); none for
     * a job the owner requested and nobody changed.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record AdminActionClaim(
            String action,
            String requestedBy,
            String reason,
            String requestedAt,
            @Nullable String approvedBy,
            @Nullable String approvedAt,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            String notBefore) {

        static AdminActionClaim of(AdminAction action) {
            return new AdminActionClaim(
                    action.action().name(),
                    action.requestedBy(),
                    action.reason(),
                    action.requestedAt().toString(),
                    action.approvedBy(),
                    text(action.approvedAt()),
                    text(action.notBefore()));
        }
    }

    /**
     * What one service erased: its cumulative counts for the job (its ledger's), and, only when the
     * service reported it, the earlier job that had already erased the tenant there.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ServiceClaim(
            Map<String, Long> deletedCounts,
            long totalDeleted,
            boolean verified,
            int attempts,
            @Nullable String startedAt,
            @Nullable String finishedAt,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            ErasedBeforeClaim erasedBefore) {}

    /** A service's {@code erased_before}, times as ISO-8601 text. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ErasedBeforeClaim(@Nullable String jobId, String fencedAt) {

        static @Nullable ErasedBeforeClaim of(@Nullable ErasedBefore erasedBefore) {
            if (erasedBefore == null) {
                return null;
            }
            UUID jobId = erasedBefore.jobId();
            return new ErasedBeforeClaim(
                    jobId != null ? jobId.toString() : null,
                    erasedBefore.fencedAt().toString());
        }
    }

    /** The head of the job's verified audit chain. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record AuditClaim(String algorithm, int events, String chainHead, boolean chainVerified) {}

    private static @Nullable String text(@Nullable Instant instant) {
        return instant != null ? instant.toString() : null;
    }
}
