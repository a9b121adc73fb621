package com.bakeryia.orchestrator.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.orchestrator.support.OrchestratorTestSupport;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Chains written before the canonical JSON moved to Jackson's sorted output still verify, and new
 * events hash as before. The hashes below were computed by the hand-written canonicaliser (key
 * order of jsonb, nested objects and arrays, nulls, escapes, non-ASCII text and keys, a float and
 * numbers beyond a long).
 */
class AuditChainCompatibilityIntegrationTests extends OrchestratorTestSupport {

    private static final String GENESIS = "0".repeat(64);

    private static final List<StoredEvent> CHAIN_OF_THE_FIRST_VERSION = List.of(
            new StoredEvent(
                    "2026-03-01T10:15:30Z",
                    "JOB_CREATED",
                    """
                    {"tenant_id":"9d3f0c1e-0000-4000-8000-00000000abcd","requested_by":"ops@bäckerei.example",\
                    "reason":null,"not_before":"2026-03-01T10:15:30Z","services":["orders-service","tenant-service"],\
                    "caller":"user:ops"}""",
                    "4f1a26a53028ebad5c393d6625fe1622e93a224b789ab0c88e84e80870364646"),
            new StoredEvent(
                    "2026-03-01T10:15:30.123Z",
                    "JOB_CLAIMED",
                    """
                    {"worker":"worker-a","attempt":1,"lease_version":1}""",
                    "b9fc5a2218b828b2b1a58824b74ca05dcd268fdcbb389292e6d95fcb44e24d25"),
            new StoredEvent(
                    "2026-03-01T10:15:31.123456Z",
                    "STEP_SUCCEEDED",
                    """
                    {"service":"orders-service","deleted_counts":{"orders_rows_items":2,"orders_rows":1,"a":0},\
                    "total_deleted":3,"verified":true,"worker":"worker-a"}""",
                    "6f57b7d85925ea52340601acc33e71b4366a3d3fcb2d4a09385202450a5ad0ff"),
            new StoredEvent(
                    "2026-03-01T10:15:32.000001Z",
                    "STEP_FAILED",
                    """
                    {"zz":{"b":[{"y":1,"x":-9223372036854775808},[],{}],"aa":1.5},\
                    "Ab":"quote \\" backslash \\\\ tab \\t ctrl \\u0001 emoji \uD83D\uDE00 é","ab":false,\
                    "aaa":12345678901234567890,"":"empty key","é":"non-ASCII key"}""",
                    "9eea9a3d6e36258c95ffc8232869c0eaef45268af0b59b4ca0d1b00982aff32d"));

    /** The hash the first version gave the fifth event, appended by the test. */
    private static final String APPENDED_HASH_V1 = "4248a0ff5cad66249c4910db77585be34a081f71d9e583eba7bbeb2cf07471f5";

    /**
     * The fifth event's hash since V5 (hash version v2: over the payload's SHA-256), computed apart
     * from the orchestrator: SHA-256 of {@code ["v2", job, 5, at, type, payload_hash, prev_hash]} as
     * compact JSON (Python's {@code json.dumps} with sorted keys).
     */
    private static final String APPENDED_HASH_V2 = "28a048a0842c0678adf8f5ad84e077bcabc24d69f7d901f9983b25fe52bcb599";

    /** SHA-256 of the fifth event's canonical payload (compact JSON, keys sorted, UTF-8). */
    private static final String APPENDED_PAYLOAD_HASH =
            "da4f44965d4b2db9b2273bff554e1da1f4e3d79c48ff09974503ad9c3190200b";

    @Autowired
    private AuditTrail audit;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private TransactionTemplate transactions;

    @Autowired
    private JobRetention retention;

    @Test
    void verifiesAChainOfTheFirstVersionAndAppendsToItWithHashVersion2() {
        UUID jobId = insertChainOfTheFirstVersion();

        ChainVerification chain = audit.verify(jobId);

        assertThat(chain.valid()).isTrue();
        assertThat(chain.events()).isEqualTo(4);
        assertThat(chain.head()).isEqualTo(CHAIN_OF_THE_FIRST_VERSION.get(3).hash());

        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("orders_rows_items", 2L);
        counts.put("orders_rows", 1L);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("total_deleted", 3L);
        payload.put("worker", "wörker-\"a\"");
        payload.put("reason", null);
        payload.put("counts", counts);
        payload.put("services", List.of("b", "a"));
        payload.put("attempt", 2);
        payload.put("verified", true);

        AuditEvent appended = transactions.execute(status ->
                audit.append(jobId, AuditEventType.JOB_COMPLETED, Instant.parse("2026-03-01T10:15:33.500Z"), payload));

        assertThat(appended.sequence()).isEqualTo(5);
        assertThat(appended.hash()).isNotEqualTo(APPENDED_HASH_V1).isEqualTo(APPENDED_HASH_V2);
        assertThat(appended.payloadHash()).isEqualTo(APPENDED_PAYLOAD_HASH);
        assertThat(audit.verify(jobId).valid()).isTrue();
    }

    @Test
    void neverRedactsEventsOfTheFirstVersionWhichStayVerifiable() {
        UUID jobId = insertChainOfTheFirstVersion();
        jdbc.sql("UPDATE deletion_job SET finished_at = now() - interval '91 days' WHERE id = :id")
                .param("id", jobId)
                .update();
        List<String> before = firstVersionPayloads(jobId);

        Integer redacted = transactions.execute(status -> retention.redactFinishedJobs(10));

        assertThat(redacted).isGreaterThanOrEqualTo(1);
        assertThat(firstVersionPayloads(jobId)).isEqualTo(before).hasSize(4);
        assertThat(audit.verify(jobId).valid()).isTrue();
        assertThat(audit.events(jobId).get(3).hash())
                .isEqualTo(CHAIN_OF_THE_FIRST_VERSION.get(3).hash());
    }

    private List<String> firstVersionPayloads(UUID jobId) {
        return audit.events(jobId).stream()
                .filter(e -> e.payloadHash() == null)
                .map(e -> e.payload().toString())
                .toList();
    }

    private UUID insertChainOfTheFirstVersion() {
        UUID jobId = UUID.fromString("5b0c6f43-8f3e-4b8a-9c1d-2e7f00a1b2c3");
        // Both tests use this chain (its hashes are bound to the job id), appended to or not.
        if (jdbc.sql("SELECT count(*) FROM deletion_job WHERE id = :id")
                        .param("id", jobId)
                        .query(Long.class)
                        .single()
                > 0) {
            return jobId;
        }
        jdbc.sql("""
                INSERT INTO deletion_job (id, tenant_id, status, requested_by, not_before, created_at, updated_at,
                                          deadline_at)
                VALUES (:id, :tenantId, 'CANCELLED', 'ops', :at, :at, :at, :at)
                """)
                .param("id", jobId)
                .param("tenantId", UUID.randomUUID())
                .param("at", Instant.parse("2026-03-01T10:15:30Z").atOffset(ZoneOffset.UTC))
                .update();
        String previous = GENESIS;
        int sequence = 1;
        for (StoredEvent event : CHAIN_OF_THE_FIRST_VERSION) {
            jdbc.sql("""
                    INSERT INTO deletion_audit_event (job_id, sequence, at, type, payload, prev_hash, hash)
                    VALUES (:jobId, :sequence, :at, :type, CAST(:payload AS jsonb), :prevHash, :hash)
                    """)
                    .param("jobId", jobId)
                    .param("sequence", sequence++)
                    .param("at", Instant.parse(event.at()).atOffset(ZoneOffset.UTC))
                    .param("type", event.type())
                    .param("payload", event.payload())
                    .param("prevHash", previous)
                    .param("hash", event.hash())
                    .update();
            previous = event.hash();
        }
        return jobId;
    }

    private record StoredEvent(String at, String type, String payload, String hash) {}
}
