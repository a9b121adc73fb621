package com.bakeryia.tools;

import com.bakeryia.deletion.api.TenantExportArchiveFormat;
import com.bakeryia.tools.SignedDocuments.VerifiedDocument;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Checks a tenant's export archive offline, as its owner or an auditor would: the ZIP that
 * tenant-service's download streams from the orchestrator ({@code <service>/<table>.ndjson}, {@code
 * <service>/files/...}, {@code manifest.json}, {@code manifest.jws}; docs/contracts.md).
 *
 * <ul>
 *   <li>the ZIP is complete: {@link ZipFile} reads its central directory, which a download cut short
 *       lacks;
 *   <li>{@code manifest.jws} is an ES256 JWS of {@code typ} {@value #MANIFEST_TYPE_NAME} verified with
 *       the key of its {@code kid} in the orchestrator's receipt JWKS ({@link SignedDocuments});
 *   <li>{@code manifest.json} is the same JSON as the JWS's claims, of format {@value #FORMAT};
 *   <li>every entry but the two manifests is listed in {@code entries}, and every listed entry is
 *       present with that size and SHA-256; a table entry has {@code rows} lines, each one JSON
 *       object, each ended by {@code \n};
 *   <li>per service, {@code tables} equals the rows of its table entries, and {@code files} the
 *       sizes of its file entries.
 * </ul>
 *
 * Reads each entry once, streaming: memory holds one line of NDJSON, not an entry.
 */
public final class ExportVerifier {

    static final String MANIFEST_TYPE_NAME = TenantExportArchiveFormat.MANIFEST_TYPE;

    /** The {@code typ} of {@code manifest.jws}. */
    public static final JOSEObjectType MANIFEST_TYPE = new JOSEObjectType(MANIFEST_TYPE_NAME);

    /** The archive format the manifest names. */
    public static final String FORMAT = TenantExportArchiveFormat.FORMAT;

    public static final String MANIFEST = TenantExportArchiveFormat.MANIFEST;
    public static final String MANIFEST_JWS = TenantExportArchiveFormat.MANIFEST_JWS;

    private static final int MAX_MANIFEST_BYTES = 64 * 1024 * 1024;
    private static final String TABLE_SUFFIX = ".ndjson";

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * A verified export.
     *
     * @param keyId the receipt key that signed the manifest
     * @param tenantId the tenant
     * @param createdAt when the orchestrator wrote the manifest (ISO-8601 instant)
     * @param tables per service (in the manifest's order) its tables' row counts
     * @param totalRows the rows of all tables
     * @param entries the entries listed in the manifest (the two manifest files not counted)
     * @param bytes the uncompressed bytes of those entries
     */
    public record VerifiedExport(
            String keyId,
            UUID tenantId,
            String createdAt,
            Map<String, Map<String, Long>> tables,
            long totalRows,
            int entries,
            long bytes) {

        /** The services in the archive, in the manifest's order. */
        public List<String> services() {
            return List.copyOf(tables.keySet());
        }
    }

    private ExportVerifier() {}

    /**
     * @param archive the ZIP file
     * @param jwks the orchestrator's receipt keys (its {@code /.well-known/receipt-jwks.json})
     * @throws IllegalStateException naming the first thing that does not hold
     * @throws IOException when the file cannot be read at all
     */
    public static VerifiedExport verify(Path archive, String jwks) throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(archive.toFile(), StandardCharsets.UTF_8);
        } catch (ZipException e) {
            throw new IllegalStateException(
                    archive + " is not a complete ZIP (no central directory: a download cut short?): " + e.getMessage(),
                    e);
        }
        try (zip) {
            return verify(zip, jwks);
        } catch (ZipException e) {
            throw new IllegalStateException("a damaged entry in " + archive + ": " + e.getMessage(), e);
        }
    }

    private static VerifiedExport verify(ZipFile zip, String jwks) throws IOException {
        String jws = new String(required(zip, MANIFEST_JWS), StandardCharsets.US_ASCII);
        VerifiedDocument signed = SignedDocuments.verify(jws, jwks, MANIFEST_TYPE, MANIFEST_JWS);
        JsonNode claims = JSON.readTree(signed.payload());
        JsonNode manifest;
        try {
            manifest = JSON.readTree(required(zip, MANIFEST));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(MANIFEST + " is not JSON: " + e.getOriginalMessage(), e);
        }
        if (!claims.equals(manifest)) {
            throw new IllegalStateException(MANIFEST + " differs from the claims of " + MANIFEST_JWS
                    + " (the signed manifest): " + firstDifference("", claims, manifest));
        }
        if (!FORMAT.equals(claims.path("format").asText())) {
            throw new IllegalStateException(
                    "the manifest's format is '" + claims.path("format").asText() + "', not " + FORMAT);
        }
        UUID tenantId = uuid(claims.path("tenant_id").asText());
        JsonNode services = claims.path("services");
        if (!services.isObject()) {
            throw new IllegalStateException("the manifest has no services");
        }

        Map<String, JsonNode> listed = new LinkedHashMap<>();
        for (JsonNode entry : claims.path("entries")) {
            String path = entry.path("path").asText("");
            if (path.isEmpty() || path.equals(MANIFEST) || path.equals(MANIFEST_JWS)) {
                throw new IllegalStateException("the manifest lists an entry with path '" + path + "'");
            }
            if (listed.put(path, entry) != null) {
                throw new IllegalStateException("the manifest lists " + path + " twice");
            }
        }
        Enumeration<? extends ZipEntry> present = zip.entries();
        Set<String> seen = new LinkedHashSet<>();
        while (present.hasMoreElements()) {
            String name = present.nextElement().getName();
            if (!seen.add(name)) {
                throw new IllegalStateException("the ZIP holds " + name + " twice");
            }
            if (!name.equals(MANIFEST) && !name.equals(MANIFEST_JWS) && !listed.containsKey(name)) {
                throw new IllegalStateException("the ZIP holds " + name + ", which the manifest does not list");
            }
        }

        Map<String, Map<String, Long>> tables = new LinkedHashMap<>();
        Map<String, Map<String, Long>> files = new LinkedHashMap<>();
        services.fieldNames().forEachRemaining(service -> {
            tables.put(service, new LinkedHashMap<>());
            files.put(service, new LinkedHashMap<>());
        });
        long bytes = 0;
        byte[] buffer = new byte[64 * 1024];
        for (JsonNode entry : listed.values()) {
            String path = entry.path("path").asText();
            ZipEntry zipEntry = zip.getEntry(path);
            if (zipEntry == null) {
                throw new IllegalStateException("the manifest lists " + path + ", which the ZIP does not hold");
            }
            int slash = path.indexOf('/');
            String service = slash > 0 ? path.substring(0, slash) : "";
            if (!tables.containsKey(service)) {
                throw new IllegalStateException(path + " belongs to no service of the manifest");
            }
            String table = entry.hasNonNull("table") ? entry.path("table").asText() : null;
            if (table != null && !path.equals(service + "/" + table + TABLE_SUFFIX)) {
                throw new IllegalStateException(path + " is listed as table " + table + " of " + service);
            }
            Content content;
            try (InputStream in = zip.getInputStream(zipEntry)) {
                content = read(in, path, table != null, buffer);
            }
            if (content.bytes() != entry.path("bytes").asLong(-1)) {
                throw new IllegalStateException(
                        path + " holds " + content.bytes() + " bytes, the manifest says " + entry.path("bytes"));
            }
            if (!content.sha256().equals(entry.path("sha256").asText())) {
                throw new IllegalStateException(path + " has SHA-256 " + content.sha256() + ", the manifest says "
                        + entry.path("sha256").asText());
            }
            if (table != null) {
                if (content.lines() != entry.path("rows").asLong(-1)) {
                    throw new IllegalStateException(
                            path + " holds " + content.lines() + " rows, the manifest says " + entry.path("rows"));
                }
                tables.get(service).put(table, content.lines());
            } else {
                files.get(service).put(path.substring(slash + 1), content.bytes());
            }
            bytes += content.bytes();
        }

        long totalRows = 0;
        for (Map.Entry<String, Map<String, Long>> service : tables.entrySet()) {
            JsonNode described = services.path(service.getKey());
            Map<String, Long> declared = counts(described.path("tables"));
            if (!declared.equals(service.getValue())) {
                throw new IllegalStateException("the tables of " + service.getKey() + " in the manifest " + declared
                        + " differ from its table entries " + service.getValue());
            }
            Map<String, Long> declaredFiles = counts(described.path("files"));
            if (!declaredFiles.equals(files.get(service.getKey()))) {
                throw new IllegalStateException("the files of " + service.getKey() + " in the manifest " + declaredFiles
                        + " differ from its file entries " + files.get(service.getKey()));
            }
            totalRows += service.getValue().values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }
        return new VerifiedExport(
                signed.keyId(), tenantId, claims.path("created_at").asText(), tables, totalRows, listed.size(), bytes);
    }

    private record Content(long bytes, String sha256, long lines) {}

    /** Size and SHA-256 of an entry and, for a table, its lines, each parsed as one JSON object. */
    private static Content read(InputStream in, String path, boolean table, byte[] buffer) throws IOException {
        MessageDigest sha256 = sha256();
        long bytes = 0;
        long lines = 0;
        byte[] line = new byte[8 * 1024];
        int lineLength = 0;
        int read;
        while ((read = in.read(buffer)) != -1) {
            sha256.update(buffer, 0, read);
            bytes += read;
            if (!table) {
                continue;
            }
            int start = 0;
            for (int i = 0; i < read; i++) {
                if (buffer[i] != '\n') {
                    continue;
                }
                lines++;
                if (lineLength == 0) {
                    requireObject(buffer, start, i - start, path, lines);
                } else {
                    line = append(line, lineLength, buffer, start, i - start);
                    requireObject(line, 0, lineLength + i - start, path, lines);
                    lineLength = 0;
                }
                start = i + 1;
            }
            if (start < read) {
                line = append(line, lineLength, buffer, start, read - start);
                lineLength += read - start;
            }
        }
        if (lineLength > 0) {
            throw new IllegalStateException(path + ": the last line (" + (lines + 1) + ") has no newline");
        }
        return new Content(bytes, HexFormat.of().formatHex(sha256.digest()), lines);
    }

    private static byte[] append(byte[] line, int length, byte[] from, int offset, int count) {
        byte[] target =
                length + count > line.length ? Arrays.copyOf(line, Math.max(2 * line.length, length + count)) : line;
        System.arraycopy(from, offset, target, length, count);
        return target;
    }

    private static void requireObject(byte[] bytes, int offset, int length, String path, long line) {
        JsonNode row;
        try {
            row = JSON.readTree(bytes, offset, length);
        } catch (IOException e) {
            throw new IllegalStateException(path + ": line " + line + " is not JSON", e);
        }
        if (row == null || !row.isObject()) {
            throw new IllegalStateException(path + ": line " + line + " is not a JSON object");
        }
    }

    private static byte[] required(ZipFile zip, String name) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new IllegalStateException("the ZIP has no " + name + " (not an export, or an incomplete one)");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] content = in.readNBytes(MAX_MANIFEST_BYTES + 1);
            if (content.length > MAX_MANIFEST_BYTES) {
                throw new IllegalStateException(name + " is larger than " + MAX_MANIFEST_BYTES + " bytes");
            }
            return content;
        }
    }

    private static Map<String, Long> counts(JsonNode object) {
        Map<String, Long> counts = new LinkedHashMap<>();
        object.fields()
                .forEachRemaining(
                        field -> counts.put(field.getKey(), field.getValue().asLong()));
        return counts;
    }

    private static UUID uuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the manifest's tenant_id '" + text + "' is not a UUID", e);
        }
    }

    /** Where two JSON values first differ, as a JSON pointer, for the message. */
    private static String firstDifference(String pointer, JsonNode expected, JsonNode actual) {
        if (expected.isObject() && actual.isObject()) {
            List<String> names = new ArrayList<>();
            expected.fieldNames().forEachRemaining(names::add);
            actual.fieldNames().forEachRemaining(name -> {
                if (!names.contains(name)) {
                    names.add(name);
                }
            });
            for (String name : names) {
                JsonNode a = expected.path(name);
                JsonNode b = actual.path(name);
                if (!a.equals(b)) {
                    return firstDifference(pointer + "/" + name, a, b);
                }
            }
        }
        if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
            for (int i = 0; i < expected.size(); i++) {
                if (!expected.get(i).equals(actual.get(i))) {
                    return firstDifference(pointer + "/" + i, expected.get(i), actual.get(i));
                }
            }
        }
        return (pointer.isEmpty() ? "/" : pointer) + " is " + abbreviate(actual) + " there, " + abbreviate(expected)
                + " signed";
    }

    private static String abbreviate(JsonNode node) {
        String text = node.isMissingNode() ? "absent" : node.toString();
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
