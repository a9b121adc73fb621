package com.bakeryia.orchestrator.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The append-only audit trail: one hash chain per job, and the only writer of {@code
 * deletion_audit_event}; {@link JobStore} appends in the transaction of each change it records.
 * Each event's hash covers the job id, its sequence, time, type, the SHA-256 of its canonical payload
 * ({@code payload_hash}) and the hash of the event before it, so changing, inserting or removing any
 * event breaks {@link #verify(UUID)} from that event on (the last event's removal shows against a
 * receipt's chain head). Appends of one job are serialized by a transaction-scoped advisory lock on
 * the job.
 *
 * <p>Hash versions: {@code v2} (every event appended since V5) hashes the payload's hash, so that
 * the retention's redaction may replace the payload by {@link #REDACTED} and the chain still verifies
 * from the kept {@code payload_hash}; a present payload must still match it. {@code v1} (events
 * without {@code payload_hash}, written before V5) hashed the payload itself; they verify as before
 * and are never redacted.
 *
 * <p>The canonical JSON is Jackson's output with every object's keys sorted (maps and records
 * alike), so neither jsonb's key order nor the payload's type changes a hash.
 */
public class AuditTrail {

    /** The previous hash of a job's first event. */
    public static final String GENESIS = "0".repeat(64);

    /** What a redacted event's payload is replaced by (the retention's {@code deletion_audit_redact}). */
    public static final String REDACTED_PAYLOAD = "{\"redacted\":true}";

    private static final String HASH_VERSION_1 = "v1";
    private static final String HASH_VERSION_2 = "v2";

    private static final String LOCK_JOB_CHAIN = """
            SELECT pg_advisory_xact_lock(:key)
            """;

    private static final String FIND_HEAD = """
            SELECT sequence, hash
              FROM deletion_audit_event
             WHERE job_id = :jobId
             ORDER BY sequence DESC
             LIMIT 1
            """;

    private static final String INSERT_EVENT = """
            INSERT INTO deletion_audit_event (job_id, sequence, at, type, payload, payload_hash, prev_hash, hash)
            VALUES (:jobId, :sequence, :at, :type, CAST(:payload AS jsonb), :payloadHash, :prevHash, :hash)
            """;

    private static final String FIND_EVENTS = """
            SELECT job_id, sequence, at, type, payload::text AS payload, payload_hash, prev_hash, hash
              FROM deletion_audit_event
             WHERE job_id = :jobId
             ORDER BY sequence
            """;

    /** Independent of the application's Jackson settings, so hashes never depend on configuration. */
    private static final ObjectMapper CANONICAL_JSON = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .build();

    private static final JsonNode REDACTED = readTree(REDACTED_PAYLOAD);

    private final JdbcClient jdbc;

    AuditTrail(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Appends an event to the job's chain, inside the caller's transaction, so the event is
     * written exactly when the state change it records is.
     *
     * @param jobId the job
     * @param at when (kept to the microsecond, as PostgreSQL stores it)
     * @param payload what happened
     * @return the appended event
     */
    @Transactional(propagation = Propagation.MANDATORY)
    AuditEvent append(UUID jobId, Instant at, AuditPayload payload) {
        return append(jobId, payload.type(), at, payload);
    }

    /** Appends an event with any payload Jackson writes as a JSON object. */
    @Transactional(propagation = Propagation.MANDATORY)
    AuditEvent append(UUID jobId, AuditEventType type, Instant at, Object payload) {
        jdbc.sql(LOCK_JOB_CHAIN).param("key", lockKey(jobId)).query().singleRow();
        List<Map.Entry<Integer, String>> head = jdbc.sql(FIND_HEAD)
                .param("jobId", jobId)
                .query((rs, n) -> Map.entry(rs.getInt("sequence"), rs.getString("hash")))
                .list();
        int sequence = head.isEmpty() ? 1 : head.get(0).getKey() + 1;
        String prevHash = head.isEmpty() ? GENESIS : head.get(0).getValue();
        Instant time = at.truncatedTo(ChronoUnit.MICROS);
        Object canonicalPayload = plain(payload);
        String payloadJson = json(canonicalPayload);
        String payloadHash = sha256(payloadJson);
        String hash = hash(HASH_VERSION_2, jobId, sequence, time, type.name(), payloadHash, prevHash);
        jdbc.sql(INSERT_EVENT)
                .param("jobId", jobId)
                .param("sequence", sequence)
                .param("at", time.atOffset(ZoneOffset.UTC))
                .param("type", type.name())
                .param("payload", payloadJson)
                .param("payloadHash", payloadHash)
                .param("prevHash", prevHash)
                .param("hash", hash)
                .update();
        return new AuditEvent(jobId, sequence, time, type.name(), readTree(payloadJson), payloadHash, prevHash, hash);
    }

    /** The job's events in chain order. */
    @Transactional(readOnly = true)
    public List<AuditEvent> events(UUID jobId) {
        return jdbc.sql(FIND_EVENTS)
                .param("jobId", jobId)
                .query((rs, n) -> new AuditEvent(
                        rs.getObject("job_id", UUID.class),
                        rs.getInt("sequence"),
                        rs.getObject("at", OffsetDateTime.class).toInstant(),
                        rs.getString("type"),
                        readTree(rs.getString("payload")),
                        rs.getString("payload_hash"),
                        rs.getString("prev_hash"),
                        rs.getString("hash")))
                .list();
    }

    /**
     * Re-computes the job's chain from the stored rows.
     *
     * @param jobId the job
     * @return whether it holds, and where it breaks if not
     */
    @Transactional(readOnly = true)
    public ChainVerification verify(UUID jobId) {
        List<AuditEvent> events = events(jobId);
        String previous = GENESIS;
        int expectedSequence = 1;
        for (AuditEvent event : events) {
            if (event.sequence() != expectedSequence) {
                return broken(events, event, "expected sequence " + expectedSequence + " (an event is missing)");
            }
            if (!event.prevHash().equals(previous)) {
                return broken(
                        events, event, "its previous hash does not match the hash of event " + (expectedSequence - 1));
            }
            String payloadHash = event.payloadHash();
            Object covered;
            String version;
            if (payloadHash == null) {
                version = HASH_VERSION_1;
                covered = plain(event.payload());
            } else {
                version = HASH_VERSION_2;
                covered = payloadHash;
                if (!event.redacted() && !sha256(json(plain(event.payload()))).equals(payloadHash)) {
                    return broken(events, event, "its payload does not match its payload hash (the row was altered)");
                }
            }
            String recomputed =
                    hash(version, event.jobId(), event.sequence(), event.at(), event.type(), covered, event.prevHash());
            if (!recomputed.equals(event.hash())) {
                return broken(events, event, "its content does not match its hash (the row was altered)");
            }
            previous = event.hash();
            expectedSequence++;
        }
        return new ChainVerification(true, events.size(), previous, null, null);
    }

    private static ChainVerification broken(List<AuditEvent> events, AuditEvent event, String problem) {
        String head = events.get(events.size() - 1).hash();
        return new ChainVerification(
                false, events.size(), head, event.sequence(), "event " + event.sequence() + ": " + problem);
    }

    /**
     * The chain hash: over the payload itself ({@code v1}) or over its SHA-256 ({@code v2}, {@code
     * payload} is then the hex hash).
     */
    private static String hash(
            String version, UUID jobId, int sequence, Instant at, String type, Object payload, String prevHash) {
        List<Object> material =
                Arrays.asList(version, jobId.toString(), sequence, at.toString(), type, payload, prevHash);
        return sha256(json(material));
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("Cannot hash an audit event", ex);
        }
    }

    /** Whether a payload is the redaction marker. */
    static boolean isRedacted(JsonNode payload) {
        return REDACTED.equals(payload);
    }

    /** The payload as maps, lists and scalars, whose keys the canonical mapper writes sorted. */
    private static Object plain(Object payload) {
        return CANONICAL_JSON.convertValue(payload, Object.class);
    }

    private static String json(Object value) {
        try {
            return CANONICAL_JSON.writeValueAsString(value);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("Cannot write an audit payload as JSON", ex);
        }
    }

    private static JsonNode readTree(String json) {
        try {
            return CANONICAL_JSON.readTree(json);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("Audit payload is not JSON", ex);
        }
    }

    private static long lockKey(UUID jobId) {
        return jobId.getMostSignificantBits() ^ jobId.getLeastSignificantBits();
    }
}
