package com.bakeryia.orchestrator.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The append-only audit trail: one hash chain per job. Each event's hash covers the job id, its
 * sequence, time, type, canonical payload (keys sorted) and the hash of the event before it, so
 * changing, inserting or removing any event breaks {@link #verify(UUID)} from that event on (the
 * last event's removal shows against a receipt's chain head). Appends of one job are serialized by
 * a transaction-scoped advisory lock on the job.
 */
public class AuditTrail {

    /** The previous hash of a job's first event. */
    public static final String GENESIS = "0".repeat(64);

    private static final String HASH_VERSION = "v1";

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
            INSERT INTO deletion_audit_event (job_id, sequence, at, type, payload, prev_hash, hash)
            VALUES (:jobId, :sequence, :at, :type, CAST(:payload AS jsonb), :prevHash, :hash)
            """;

    private static final String FIND_EVENTS = """
            SELECT job_id, sequence, at, type, payload::text AS payload, prev_hash, hash
              FROM deletion_audit_event
             WHERE job_id = :jobId
             ORDER BY sequence
            """;

    /** Independent of the application's Jackson settings, so hashes never depend on configuration. */
    private static final ObjectMapper CANONICAL_JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    AuditTrail(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Appends an event to the job's chain, inside the caller's transaction, so the event is
     * written exactly when the state change it records is.
     *
     * @param jobId the job
     * @param type what happened
     * @param at when (kept to the microsecond, as PostgreSQL stores it)
     * @param payload what happened, JSON values only
     * @return the appended event
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public AuditEvent append(UUID jobId, AuditEventType type, Instant at, Map<String, ?> payload) {
        jdbc.sql(LOCK_JOB_CHAIN).param("key", lockKey(jobId)).query().singleRow();
        List<Map.Entry<Integer, String>> head = jdbc.sql(FIND_HEAD)
                .param("jobId", jobId)
                .query((rs, n) -> Map.entry(rs.getInt("sequence"), rs.getString("hash")))
                .list();
        int sequence = head.isEmpty() ? 1 : head.get(0).getKey() + 1;
        String prevHash = head.isEmpty() ? GENESIS : head.get(0).getValue();
        Instant time = at.truncatedTo(ChronoUnit.MICROS);
        JsonNode payloadNode = canonical(CANONICAL_JSON.valueToTree(payload));
        String hash = hash(jobId, sequence, time, type.name(), payloadNode, prevHash);
        jdbc.sql(INSERT_EVENT)
                .param("jobId", jobId)
                .param("sequence", sequence)
                .param("at", time.atOffset(ZoneOffset.UTC))
                .param("type", type.name())
                .param("payload", payloadNode.toString())
                .param("prevHash", prevHash)
                .param("hash", hash)
                .update();
        return new AuditEvent(jobId, sequence, time, type.name(), payloadNode, prevHash, hash);
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
            String recomputed = hash(
                    event.jobId(),
                    event.sequence(),
                    event.at(),
                    event.type(),
                    canonical(event.payload()),
                    event.prevHash());
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

    private static String hash(UUID jobId, int sequence, Instant at, String type, JsonNode payload, String prevHash) {
        ArrayNode material = CANONICAL_JSON.createArrayNode();
        material.add(HASH_VERSION)
                .add(jobId.toString())
                .add(sequence)
                .add(at.toString())
                .add(type)
                .add(payload)
                .add(prevHash);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(CANONICAL_JSON.writeValueAsString(material).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException | JsonProcessingException ex) {
            throw new IllegalStateException("Cannot hash an audit event", ex);
        }
    }

    /** The same JSON with every object's keys sorted, so jsonb's own key order does not matter. */
    private static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            node.properties().forEach(e -> sorted.put(e.getKey(), canonical(e.getValue())));
            ObjectNode result = CANONICAL_JSON.createObjectNode();
            sorted.forEach(result::set);
            return result;
        }
        if (node.isArray()) {
            ArrayNode result = CANONICAL_JSON.createArrayNode();
            List<JsonNode> items = new ArrayList<>();
            node.forEach(item -> items.add(canonical(item)));
            result.addAll(items);
            return result;
        }
        return node;
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
