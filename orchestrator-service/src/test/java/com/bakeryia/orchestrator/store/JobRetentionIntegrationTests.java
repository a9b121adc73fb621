package com.bakeryia.orchestrator.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.fleet.retention.RetentionPurgeRunner;
import com.bakeryia.orchestrator.receipt.DeletionReceipts;
import com.bakeryia.orchestrator.support.OrchestratorTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The end of a finished job's retention: after {@code orchestrator.retention.jobs} (P3Y) the job goes
 * with its steps, admin requests and audit events (its receipt then answers 404); after {@code
 * orchestrator.retention.personal-data} (P90D) its user ids and reasons are replaced by {@code
 * redacted} and its audit chain (hash version v2) still verifies, as does its receipt. Finished times
 * are moved back in SQL instead of waiting.
 */
class JobRetentionIntegrationTests extends OrchestratorTestSupport {

    @Autowired
    private RetentionPurgeRunner runner;

    @Autowired
    private AuditTrail audit;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private JobRetention retention;

    @Autowired
    private TransactionTemplate transactions;

    @Autowired
    private MeterRegistry meters;

    @Test
    void runsTheOrchestratorsPurges() {
        assertThat(runner.purgeNames())
                .containsExactlyInAnyOrder(
                        "orchestrator-jobs",
                        "orchestrator-legal-holds",
                        "orchestrator-job-personal-data",
                        "orchestrator-legal-hold-personal-data");
    }

    @Test
    void purgesAJobFinishedBeforeThePeriodEntirelyAndKeepsOneWithinIt() {
        UUID old = completedJob();
        UUID recent = completedJob();
        adminRequest(old);
        finishedAgo(old, "3 years 1 day");
        finishedAgo(recent, "3 years - 1 day");

        runner.runOnce();

        assertThat(count("deletion_job WHERE id = ?", old)).isZero();
        assertThat(count("deletion_step WHERE job_id = ?", old)).isZero();
        assertThat(count("deletion_audit_event WHERE job_id = ?", old)).isZero();
        assertThat(count("deletion_admin_request WHERE job_id = ?", old)).isZero();
        assertThat(get("/api/v1/deletion-jobs/" + old + "/receipt", opsToken()).status())
                .isEqualTo(404);
        assertThat(get("/api/v1/deletion-jobs/" + old, opsToken()).status()).isEqualTo(404);
        assertThat(count("deletion_job WHERE id = ?", recent)).isEqualTo(1);
        assertThat(count("deletion_step WHERE job_id = ?", recent)).isEqualTo(SERVICES.size());
        assertThat(audit.verify(recent).valid()).isTrue();
        assertThat(get("/api/v1/deletion-jobs/" + recent + "/receipt", opsToken())
                        .status())
                .isEqualTo(200);
    }

    @Test
    void anActiveLegalHoldKeepsTheTenantsFinishedJobsWholeUntilLifted() {
        UUID tenant = UUID.randomUUID();
        UUID job = createJob(tenant);
        awaitStatus(job, "COMPLETED", Duration.ofSeconds(20));
        finishedAgo(job, "3 years 1 day");
        UUID hold = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO tenant_legal_hold (id, tenant_id, reason, reference, placed_by, placed_at)
                VALUES (?, ?, 'litigation', 'case 7', 'admin-a', now())
                """).params(hold, tenant).update();

        runner.runOnce();

        assertThat(count("deletion_job WHERE id = ?", job)).isEqualTo(1);
        assertThat(audit.events(job)).noneMatch(AuditEvent::redacted);

        jdbc.sql("UPDATE tenant_legal_hold SET lifted_by = 'admin-b', lifted_at = now(), lift_reason = 'settled'"
                        + " WHERE id = ?")
                .param(hold)
                .update();
        runner.runOnce();

        assertThat(count("deletion_job WHERE id = ?", job)).isZero();
        assertThat(count("tenant_legal_hold WHERE id = ?", hold))
                .as("lifted just now")
                .isEqualTo(1);
    }

    @Test
    void twoInstancesPurgingAtOnceNeverFailAndPurgeAJobOnce() throws Exception {
        UUID job = completedJob();
        finishedAgo(job, "3 years 1 day");
        var purgedByTheOther = new CountDownLatch(1);
        var commit = new CountDownLatch(1);
        CompletableFuture<Integer> other = CompletableFuture.supplyAsync(() -> transactions.execute(status -> {
            int purged = retention.purgeFinishedJobs(1000);
            purgedByTheOther.countDown();
            try {
                commit.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return purged;
        }));
        assertThat(purgedByTheOther.await(10, TimeUnit.SECONDS)).isTrue();
        double failures = failures("orchestrator-jobs");

        Map<String, Long> purgedHere = runner.runOnce();

        commit.countDown();
        assertThat(other.get(10, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(1);
        assertThat(failures("orchestrator-jobs")).isEqualTo(failures);
        assertThat(purgedHere.get("orchestrator-jobs")).isZero();
        assertThat(count("deletion_job WHERE id = ?", job)).isZero();
    }

    @Test
    void aFailedJobIsPurgedOnlyWhenItFinishedLongerAgoThanThePeriod() {
        UUID failed = completedJob();
        UUID failedRecently = completedJob();
        for (UUID job : List.of(failed, failedRecently)) {
            jdbc.sql("UPDATE deletion_job SET status = 'FAILED', failure_reason = 'rejected' WHERE id = ?")
                    .param(job)
                    .update();
        }
        finishedAgo(failed, "3 years 1 day");
        finishedAgo(failedRecently, "1 year");

        runner.runOnce();

        assertThat(count("deletion_job WHERE id = ?", failed)).isZero();
        assertThat(count("deletion_job WHERE id = ?", failedRecently)).isEqualTo(1);
    }

    @Test
    void redactsPersonalFieldsAndTheChainAndTheReceiptStillVerify() throws Exception {
        UUID job = completedJob();
        UUID recent = completedJob();
        adminRequest(job);
        String headBefore = audit.verify(job).head();
        finishedAgo(job, "91 days");
        finishedAgo(recent, "89 days");

        runner.runOnce();

        assertThat(jdbc.sql("SELECT requested_by FROM deletion_job WHERE id = ?")
                        .param(job)
                        .query(String.class)
                        .single())
                .isEqualTo(JobRetention.REDACTED);
        assertThat(jdbc.sql("SELECT requested_by || reason || approved_by FROM deletion_admin_request WHERE job_id = ?")
                        .param(job)
                        .query(String.class)
                        .single())
                .isEqualTo("redactedredactedredacted");
        assertThat(audit.events(job)).isNotEmpty().allSatisfy(event -> {
            assertThat(event.redacted()).isTrue();
            assertThat(event.payload().toString()).isEqualTo(AuditTrail.REDACTED_PAYLOAD);
        });
        ChainVerification chain = audit.verify(job);
        assertThat(chain.valid()).as(String.valueOf(chain.problem())).isTrue();
        assertThat(chain.head()).isEqualTo(headBefore);
        JsonNode auditView =
                get("/api/v1/deletion-jobs/" + job + "/audit", opsToken()).json();
        assertThat(auditView.path("chain").path("valid").asBoolean()).isTrue();
        assertThat(auditView.path("events").get(0).path("payload_hash").asText())
                .hasSize(64);

        var receipt = get("/api/v1/deletion-jobs/" + job + "/receipt", opsToken());
        assertThat(receipt.status()).isEqualTo(200);
        JWTClaimsSet claims =
                receiptVerifier().process(receipt.json().path("receipt").asText(), null);
        assertThat(claims.getStringClaim("requested_by")).isEqualTo(JobRetention.REDACTED);
        assertThat(claims.getJSONObjectClaim("audit"))
                .containsEntry("chain_head", headBefore)
                .containsEntry("chain_verified", true);

        assertThat(jdbc.sql("SELECT requested_by FROM deletion_job WHERE id = ?")
                        .param(recent)
                        .query(String.class)
                        .single())
                .isNotEqualTo(JobRetention.REDACTED);
        assertThat(audit.events(recent)).noneMatch(AuditEvent::redacted);
    }

    @Test
    void aTamperedPayloadHashOfARedactedEventOrAnAlteredPayloadBreaksTheChain() {
        UUID redacted = completedJob();
        UUID altered = completedJob();
        finishedAgo(redacted, "91 days");
        runner.runOnce();
        assertThat(audit.verify(redacted).valid()).isTrue();

        withoutAppendOnlyTrigger(() -> {
            jdbc.sql("UPDATE deletion_audit_event SET payload_hash = repeat('a', 64) WHERE job_id = ? AND sequence = 2")
                    .param(redacted)
                    .update();
            jdbc.sql("UPDATE deletion_audit_event SET payload = jsonb_set(payload, '{worker}', '\"forged\"')"
                            + " WHERE job_id = ? AND sequence = 2")
                    .param(altered)
                    .update();
        });

        ChainVerification tampered = audit.verify(redacted);
        assertThat(tampered.valid()).isFalse();
        assertThat(tampered.brokenAt()).isEqualTo(2);
        ChainVerification changed = audit.verify(altered);
        assertThat(changed.valid()).isFalse();
        assertThat(changed.brokenAt()).isEqualTo(2);
        assertThat(changed.problem()).contains("payload does not match its payload hash");
        assertThat(get("/api/v1/deletion-jobs/" + redacted + "/receipt", opsToken())
                        .status())
                .isEqualTo(409);
    }

    @Test
    void purgesLiftedHoldsOfTenantsWithoutJobsAfterTheJobPeriodAndRedactsThemAfterThePersonalDataPeriod() {
        UUID longAgo = hold(UUID.randomUUID(), "3 years 1 day");
        UUID lifted = hold(UUID.randomUUID(), "91 days");
        UUID recent = hold(UUID.randomUUID(), "1 day");
        UUID active = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO tenant_legal_hold (id, tenant_id, reason, reference, placed_by, placed_at)
                VALUES (?, ?, 'litigation', 'case 9', 'admin-a', now() - interval '4 years')
                """).params(active, UUID.randomUUID()).update();

        runner.runOnce();

        assertThat(count("tenant_legal_hold WHERE id = ?", longAgo)).isZero();
        assertThat(holdText(lifted)).isEqualTo("redacted redacted redacted redacted redacted");
        assertThat(holdText(recent)).isEqualTo("admin-a litigation case 1 admin-b done");
        assertThat(count("tenant_legal_hold WHERE id = ?", active)).isEqualTo(1);
    }

    private UUID completedJob() {
        UUID job = createJob(UUID.randomUUID());
        awaitStatus(job, "COMPLETED", Duration.ofSeconds(20));
        return job;
    }

    private void adminRequest(UUID job) {
        jdbc.sql("""
                INSERT INTO deletion_admin_request (id, job_id, action, requested_by, reason, requested_at,
                                                    approved_by, approved_at)
                VALUES (?, ?, 'CREATE', 'admin-a', 'court order 17', now(), 'admin-b', now())
                """).params(UUID.randomUUID(), job).update();
    }

    private UUID hold(UUID tenant, String liftedAgo) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO tenant_legal_hold (id, tenant_id, reason, reference, placed_by, placed_at,
                                               lifted_by, lifted_at, lift_reason)
                VALUES (?, ?, 'litigation', 'case 1', 'admin-a', now() - interval '5 years',
                        'admin-b', now() - CAST(? AS interval), 'done')
                """).params(id, tenant, liftedAgo).update();
        return id;
    }

    private String holdText(UUID hold) {
        return jdbc.sql("SELECT concat_ws(' ', placed_by, reason, reference, lifted_by, lift_reason)"
                        + " FROM tenant_legal_hold WHERE id = ?")
                .param(hold)
                .query(String.class)
                .single();
    }

    private void finishedAgo(UUID job, String ago) {
        jdbc.sql("UPDATE deletion_job SET finished_at = now() - CAST(? AS interval) WHERE id = ?")
                .params(ago, job)
                .update();
    }

    private double failures(String what) {
        return meters.get("bakery.retention.purge.failures")
                .tag("what", what)
                .counter()
                .count();
    }

    private long count(String fromWhere, UUID id) {
        return jdbc.sql("SELECT count(*) FROM " + fromWhere)
                .param(id)
                .query(Long.class)
                .single();
    }

    private void withoutAppendOnlyTrigger(Runnable change) {
        jdbc.sql("ALTER TABLE deletion_audit_event DISABLE TRIGGER deletion_audit_event_append_only")
                .update();
        try {
            change.run();
        } finally {
            jdbc.sql("ALTER TABLE deletion_audit_event ENABLE TRIGGER deletion_audit_event_append_only")
                    .update();
        }
    }

    private DefaultJWTProcessor<SecurityContext> receiptVerifier() throws Exception {
        DefaultJWTProcessor<SecurityContext> verifier = new DefaultJWTProcessor<>();
        verifier.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType(DeletionReceipts.TYPE)));
        verifier.setJWSKeySelector(new JWSVerificationKeySelector<>(
                JWSAlgorithm.ES256,
                JWKSourceBuilder.<SecurityContext>create(
                                URI.create("http://127.0.0.1:" + port + "/.well-known/receipt-jwks.json")
                                        .toURL())
                        .build()));
        return verifier;
    }
}
