package com.bakeryia.orchestrator.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.bakeryia.orchestrator.store.AuditTrail;
import com.bakeryia.orchestrator.store.ChainVerification;
import com.bakeryia.orchestrator.support.FleetStub;
import com.bakeryia.orchestrator.support.OrchestratorTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

class DeletionReceiptIntegrationTests extends OrchestratorTestSupport {

    @Autowired
    private AuditTrail audit;

    @Autowired
    private JdbcClient jdbc;

    @Test
    void issuesAReceiptThatVerifiesAgainstThePublishedKeys() throws Exception {
        UUID tenant = UUID.randomUUID();
        UUID jobId = createJob(tenant);
        JsonNode job = awaitStatus(jobId, "COMPLETED", Duration.ofSeconds(20));

        Answer answer = get("/api/v1/deletion-jobs/" + jobId + "/receipt", opsToken());

        assertThat(answer.status()).isEqualTo(200);
        String receipt = answer.json().path("receipt").asText();
        JWTClaimsSet claims =
                verifierFor(answer.json().path("jwks_uri").asText()).process(receipt, null);
        assertThat(answer.json().path("jwks_uri").asText()).isEqualTo("/.well-known/receipt-jwks.json");
        assertThat(SignedJWT.parse(receipt).getHeader().getKeyID()).isEqualTo("receipt-test-key");
        assertThat(claims.getIssuer()).isEqualTo("orchestrator-service");
        assertThat(claims.getStringClaim("job_id")).isEqualTo(jobId.toString());
        assertThat(claims.getStringClaim("tenant_id")).isEqualTo(tenant.toString());
        assertThat(claims.getStringClaim("status")).isEqualTo("COMPLETED");
        assertThat(claims.getBooleanClaim("verified")).isTrue();
        assertThat(claims.getLongClaim("total_deleted"))
                .isEqualTo(job.path("total_deleted").asLong());
        assertThat(claims.getStringClaim("finished_at"))
                .isEqualTo(job.path("finished_at").asText());
        Map<String, Object> services = claims.getJSONObjectClaim("services");
        assertThat(services).containsOnlyKeys(SERVICES);
        @SuppressWarnings("unchecked")
        Map<String, Object> orders = (Map<String, Object>) services.get("orders-service");
        assertThat(orders).containsEntry("verified", true);
        // Regression: jsonb reordered a service's counts (shorter keys first); they keep its deletion order.
        @SuppressWarnings("unchecked")
        Map<String, Object> counts = (Map<String, Object>) orders.get("deleted_counts");
        assertThat(counts).containsExactly(Map.entry("orders_rows_items", 2L), Map.entry("orders_rows", 1L));
        ChainVerification chain = audit.verify(jobId);
        assertThat(claims.getJSONObjectClaim("audit"))
                .containsEntry("chain_head", chain.head())
                .containsEntry("events", (long) chain.events())
                .containsEntry("chain_verified", true);
        assertThat(chain.valid()).isTrue();
        assertThat(chain.events()).isEqualTo(1 + 1 + 13 + 1);
    }

    @Test
    void signsReceiptsWithTheirOwnKeyWhichTheServiceTokenKeysDoNotList() throws Exception {
        UUID jobId = createJob(UUID.randomUUID());
        awaitStatus(jobId, "COMPLETED", Duration.ofSeconds(20));
        String receipt = get("/api/v1/deletion-jobs/" + jobId + "/receipt", opsToken())
                .json()
                .path("receipt")
                .asText();

        Answer receiptKeys = get("/.well-known/receipt-jwks.json", null);
        Answer tokenKeys = get("/.well-known/jwks.json", null);

        assertThat(receiptKeys.status()).isEqualTo(200);
        assertThat(receiptKeys.json().findValuesAsText("kid")).containsExactly("receipt-test-key");
        assertThat(tokenKeys.json().findValuesAsText("kid")).containsExactly("orchestrator-test-key");
        assertThatExceptionOfType(Exception.class)
                .isThrownBy(() -> verifierFor("/.well-known/jwks.json").process(receipt, null));
    }

    @Test
    void refusesAReceiptPresentedAsABearerToken() {
        UUID jobId = createJob(UUID.randomUUID());
        awaitStatus(jobId, "COMPLETED", Duration.ofSeconds(20));
        String receipt = get("/api/v1/deletion-jobs/" + jobId + "/receipt", opsToken())
                .json()
                .path("receipt")
                .asText();

        Answer asToken = get("/api/v1/deletion-jobs/" + jobId, receipt);

        assertThat(asToken.status()).isEqualTo(401);
        assertThat(asToken.json().path("detail").asText()).isEqualTo("A deletion receipt is not a token");
    }

    // Issue 14: a run repeated after a crash found nothing left and its zeros were signed.
    @Test
    void signsEachServicesCumulativeCountsAndItsErasedBeforeWhenItReportedOne() throws Exception {
        UUID tenant = UUID.randomUUID();
        UUID earlierJob = UUID.randomUUID();
        Instant fencedAt = Instant.parse("2026-11-30T08:00:00Z");
        FLEET.script("orders-service", tenant, FleetStub.resumed());
        FLEET.script("sales-service", tenant, FleetStub.alreadyErased(earlierJob, fencedAt));
        UUID jobId = createJob(tenant);
        JsonNode job = awaitStatus(jobId, "COMPLETED", Duration.ofSeconds(20));

        Answer answer = get("/api/v1/deletion-jobs/" + jobId + "/receipt", opsToken());

        JWTClaimsSet claims = verifierFor(answer.json().path("jwks_uri").asText())
                .process(answer.json().path("receipt").asText(), null);
        Map<String, Object> services = claims.getJSONObjectClaim("services");
        @SuppressWarnings("unchecked")
        Map<String, Object> orders = (Map<String, Object>) services.get("orders-service");
        assertThat(orders.get("deleted_counts"))
                .as("the job's cumulative counts, not this run's zeros")
                .isEqualTo(Map.of("orders_rows_items", 2L, "orders_rows", 1L));
        assertThat(orders).doesNotContainKey("erased_before");
        @SuppressWarnings("unchecked")
        Map<String, Object> sales = (Map<String, Object>) services.get("sales-service");
        assertThat(sales.get("erased_before"))
                .isEqualTo(Map.of("job_id", earlierJob.toString(), "fenced_at", fencedAt.toString()));
        assertThat(sales.get("total_deleted")).isEqualTo(0L);
        JsonNode salesStep = step(job, "sales-service");
        assertThat(salesStep.path("erased_before").path("job_id").asText()).isEqualTo(earlierJob.toString());
        assertThat(Instant.parse(
                        salesStep.path("erased_before").path("fenced_at").asText()))
                .isEqualTo(fencedAt);
        assertThat(step(job, "orders-service").path("erased_before").isNull()).isTrue();
    }

    @Test
    void issuesNoReceiptBeforeTheJobCompleted() {
        UUID tenant = UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        String later = Instant.now().plus(1, ChronoUnit.HOURS).toString();
        put("/api/v1/deletion-jobs/" + jobId, tenantServiceToken(tenant, jobId), jobBody(tenant, later));

        Answer answer = get("/api/v1/deletion-jobs/" + jobId + "/receipt", opsToken());

        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.contentType()).startsWith("application/problem+json");
    }

    @Test
    void refusesToChangeOrDeleteAuditEvents() {
        UUID jobId = createJob(UUID.randomUUID());

        assertThatExceptionOfType(DataAccessException.class)
                .isThrownBy(() -> jdbc.sql("UPDATE deletion_audit_event SET type = 'JOB_CANCELLED' WHERE job_id = ?")
                        .param(jobId)
                        .update())
                .withMessageContaining("append-only");
        assertThatExceptionOfType(DataAccessException.class)
                .isThrownBy(() -> jdbc.sql("DELETE FROM deletion_audit_event WHERE job_id = ?")
                        .param(jobId)
                        .update())
                .withMessageContaining("append-only");
    }

    @Test
    void detectsAnAlteredAuditEventAndIssuesNoReceiptForIt() {
        UUID jobId = createJob(UUID.randomUUID());
        awaitStatus(jobId, "COMPLETED", Duration.ofSeconds(20));
        assertThat(audit.verify(jobId).valid()).isTrue();

        tamper("""
                UPDATE deletion_audit_event
                   SET payload = jsonb_set(payload, '{total_deleted}', '0')
                 WHERE job_id = :jobId AND type = 'STEP_SUCCEEDED' AND payload ->> 'service' = 'orders-service'
                """, jobId);

        ChainVerification chain = audit.verify(jobId);
        assertThat(chain.valid()).isFalse();
        assertThat(chain.problem()).contains("altered");
        Answer receipt = get("/api/v1/deletion-jobs/" + jobId + "/receipt", opsToken());
        assertThat(receipt.status()).isEqualTo(409);
        assertThat(receipt.json().path("detail").asText()).contains("audit chain");
        JsonNode auditView =
                get("/api/v1/deletion-jobs/" + jobId + "/audit", opsToken()).json();
        assertThat(auditView.path("chain").path("valid").asBoolean()).isFalse();
        assertThat(auditView.path("chain").path("broken_at").asInt()).isEqualTo(chain.brokenAt());
    }

    @Test
    void detectsARemovedAuditEventInTheMiddleOfTheChain() {
        UUID jobId = createJob(UUID.randomUUID());
        awaitStatus(jobId, "COMPLETED", Duration.ofSeconds(20));

        tamper("DELETE FROM deletion_audit_event WHERE job_id = :jobId AND sequence = 3", jobId);

        ChainVerification chain = audit.verify(jobId);
        assertThat(chain.valid()).isFalse();
        assertThat(chain.brokenAt()).isEqualTo(4);
    }

    @Test
    void detectsAnEventRewrittenWithARecomputedHashByItsSuccessor() {
        UUID jobId = createJob(UUID.randomUUID());
        awaitStatus(jobId, "COMPLETED", Duration.ofSeconds(20));

        tamper("""
                UPDATE deletion_audit_event SET hash = repeat('a', 64) WHERE job_id = :jobId AND sequence = 2
                """, jobId);

        ChainVerification chain = audit.verify(jobId);
        assertThat(chain.valid()).isFalse();
        assertThat(chain.brokenAt()).isEqualTo(2);
    }

    @Test
    void publishesJobStepAndResilienceMetrics() {
        UUID jobId = createJob(UUID.randomUUID());
        awaitStatus(jobId, "COMPLETED", Duration.ofSeconds(20));

        String metrics = get("/actuator/prometheus", null).text();

        assertThat(metrics)
                .contains(
                        "bakery_deletion_job_seconds_count{application=\"orchestrator-service\",outcome=\"completed\"}")
                .contains(
                        "bakery_deletion_jobs_finished_total{application=\"orchestrator-service\",status=\"COMPLETED\"}")
                .contains("bakery_deletion_jobs_active{")
                .contains(
                        "bakery_deletion_step_seconds_count{application=\"orchestrator-service\",outcome=\"succeeded\",service=\"orders-service\"}")
                .contains(
                        "bakery_deletion_step_rows_deleted_total{application=\"orchestrator-service\",service=\"tenant-service\"}")
                .containsPattern("resilience4j_retry_calls_total\\{[^}]*name=\"orders-service\"")
                .containsPattern("resilience4j_circuitbreaker_state\\{[^}]*name=\"tenant-service\"")
                .containsPattern("resilience4j_bulkhead_available_concurrent_calls\\{[^}]*name=\"pos-service\"")
                .contains(
                        "bakery_deletion_job_seconds_bucket{application=\"orchestrator-service\",outcome=\"completed\",le=\"3600.0\"}")
                .contains(
                        "bakery_deletion_step_seconds_bucket{application=\"orchestrator-service\",outcome=\"succeeded\",service=\"orders-service\",le=\"1800.0\"}")
                .contains("bakery_deletion_jobs_finished_total{application=\"orchestrator-service\",status=\"FAILED\"}")
                .contains(
                        "bakery_deletion_jobs_finished_total{application=\"orchestrator-service\",status=\"CANCELLED\"}")
                .contains("bakery_deletion_jobs_in_progress{application=\"orchestrator-service\"} ")
                .contains("bakery_deletion_jobs_oldest_in_progress_age_seconds{application=\"orchestrator-service\"} ");
    }

    /** Alters audit rows as an attacker with the table owner's rights would: around the trigger. */
    private void tamper(String sql, UUID jobId) {
        jdbc.sql("ALTER TABLE deletion_audit_event DISABLE TRIGGER deletion_audit_event_append_only")
                .update();
        try {
            assertThat(jdbc.sql(sql).param("jobId", jobId).update()).isEqualTo(1);
        } finally {
            jdbc.sql("ALTER TABLE deletion_audit_event ENABLE TRIGGER deletion_audit_event_append_only")
                    .update();
        }
    }

    private DefaultJWTProcessor<SecurityContext> verifierFor(String jwksPath) throws Exception {
        DefaultJWTProcessor<SecurityContext> verifier = new DefaultJWTProcessor<>();
        verifier.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType(DeletionReceipts.TYPE)));
        verifier.setJWSKeySelector(new JWSVerificationKeySelector<>(
                JWSAlgorithm.ES256,
                JWKSourceBuilder.<SecurityContext>create(URI.create("http://127.0.0.1:" + port + jwksPath)
                                .toURL())
                        .build()));
        return verifier;
    }
}
