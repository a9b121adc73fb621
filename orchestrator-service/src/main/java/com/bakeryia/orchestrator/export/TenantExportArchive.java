package com.bakeryia.orchestrator.export;

import com.bakeryia.deletion.api.DeletionEndpoints;
import com.bakeryia.deletion.api.TenantExportArchiveFormat;
import com.bakeryia.fleet.token.ClaimsSigner;
import com.bakeryia.fleet.token.ServiceTokenIssuer;
import com.bakeryia.fleet.token.ServiceTokenScopes;
import com.bakeryia.orchestrator.registry.ServiceEndpoint;
import com.bakeryia.orchestrator.registry.ServiceRegistry;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Gathers one tenant's export from every service into one ZIP, streamed: {@code
 * <service>/<table>.ndjson} and {@code <service>/files/...} as each service sent them, then {@code
 * manifest.json} (the tenant, the time, each service's snapshot time and row counts, and the size,
 * SHA-256 and, for a table, the row count of every file) and {@code manifest.jws}: the same manifest
 * as the claims of a compact JWS signed with the receipt key ({@code typ} {@value #MANIFEST_TYPE}),
 * which {@code /.well-known/receipt-jwks.json} verifies offline like a receipt.
 *
 * <p>{@link #open(UUID)} opens every service's export before anything is sent, so that a service
 * that refuses or cannot be reached is a problem answer, not a broken archive; each service then
 * holds its snapshot (one REPEATABLE READ transaction) until its turn. While copying, the rows of
 * each table entry are counted and checked against the service's own {@code export.json}; a
 * mismatch, an entry missing, a service that stops sending or a service archive without its {@code
 * export.json} throws, and the archive is left without its manifest and central directory: never a
 * valid-looking partial archive. Nothing is held in memory but one buffer and the counts, and
 * nothing is written to disk.
 *
 * <p>The service calls use {@link java.net.HttpURLConnection} (Spring's simple request factory):
 * its read timeout bounds every read of a body, which the JDK HttpClient's does not.
 */
public final class TenantExportArchive {

    /** The {@code typ} of the signed manifest. */
    public static final String MANIFEST_TYPE = TenantExportArchiveFormat.MANIFEST_TYPE;

    /** The archive format named in the manifest. */
    public static final String FORMAT = TenantExportArchiveFormat.FORMAT;

    static final String MANIFEST = TenantExportArchiveFormat.MANIFEST;
    static final String MANIFEST_JWS = TenantExportArchiveFormat.MANIFEST_JWS;

    private static final Logger log = LoggerFactory.getLogger(TenantExportArchive.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final TypeReference<Map<String, Object>> CLAIMS = new TypeReference<>() {};

    private final ServiceRegistry registry;
    private final ServiceTokenIssuer tokens;
    private final ClaimsSigner signer;
    private final Clock clock;

    TenantExportArchive(ServiceRegistry registry, ServiceTokenIssuer tokens, ClaimsSigner signer, Clock clock) {
        this.registry = registry;
        this.tokens = tokens;
        this.signer = signer;
        this.clock = clock;
    }

    /**
     * Opens every service's export of the tenant.
     *
     * @throws ExportRefusedException when a service refuses or cannot be reached; every export
     *     opened so far is closed again
     */
    OpenExport open(UUID tenantId) {
        List<ServiceExport> opened = new ArrayList<>();
        try {
            for (ServiceEndpoint service : registry.steps()) {
                opened.add(openService(service, tenantId));
            }
            return new OpenExport(tenantId, List.copyOf(opened));
        } catch (ExportRefusedException e) {
            opened.forEach(ServiceExport::close);
            throw e;
        }
    }

    private ServiceExport openService(ServiceEndpoint service, UUID tenantId) {
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(service.connectTimeout());
        requests.setReadTimeout(service.readTimeout());
        String base = service.baseUrl().toString().replaceAll("/+$", "");
        URI uri = UriComponentsBuilder.fromUriString(base)
                .path(DeletionEndpoints.exportPath(service.name()))
                .buildAndExpand(Map.of(DeletionEndpoints.TENANT_ID, tenantId))
                .toUri();
        try {
            ClientHttpRequest request = requests.createRequest(uri, HttpMethod.GET);
            request.getHeaders()
                    .setBearerAuth(tokens.issue(service.name(), ServiceTokenScopes.TENANT_DATA_EXPORT, tenantId, null));
            ClientHttpResponse response = request.execute();
            int status = response.getStatusCode().value();
            if (status == 200) {
                return new ServiceExport(service.name(), response);
            }
            String type = problemType(response);
            response.close();
            log.warn("Export of tenant {}: {} answered {} {}", tenantId, service.name(), status, type);
            throw new ExportRefusedException(service.name(), status == 409 && type.endsWith(":tenant-erasure-begun"));
        } catch (IOException e) {
            log.warn("Export of tenant {}: {} could not be reached: {}", tenantId, service.name(), e.getMessage());
            throw new ExportRefusedException(service.name(), false);
        }
    }

    /** The services' exports (one per service, in step order), open and waiting to be copied into one archive. */
    final class OpenExport implements Closeable {

        private final UUID tenantId;
        private final List<ServiceExport> services;

        private OpenExport(UUID tenantId, List<ServiceExport> services) {
            this.tenantId = tenantId;
            this.services = services;
        }

        /**
         * Writes the archive. An exception leaves it without manifest and central directory; the
         * caller must not finish the response normally then.
         */
        void writeTo(OutputStream out) throws IOException {
            long began = System.nanoTime();
            ZipOutputStream zip = new ZipOutputStream(out);
            // The rows are compressed once more here: fastest, as the archive is streamed as it is made.
            zip.setLevel(Deflater.BEST_SPEED);
            List<Map<String, Object>> entries = new ArrayList<>();
            Map<String, Object> perService = new LinkedHashMap<>();
            byte[] buffer = new byte[64 * 1024];
            for (ServiceExport service : services) {
                perService.put(service.name(), copy(service, zip, entries, buffer));
                service.close();
            }
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("format", FORMAT);
            manifest.put("tenant_id", tenantId.toString());
            manifest.put("created_at", clock.instant().toString());
            manifest.put("services", perService);
            manifest.put("entries", entries);
            String jws = signer.sign(MANIFEST_TYPE, manifest);
            Map<String, Object> signed = JSON.readValue(Base64.getUrlDecoder().decode(jws.split("\\.")[1]), CLAIMS);
            zip.putNextEntry(new ZipEntry(MANIFEST));
            zip.write(PRETTY.writeValueAsBytes(signed));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(MANIFEST_JWS));
            zip.write(jws.getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
            zip.finish();
            zip.flush();
            log.info(
                    "Export of tenant {} written: {} services, {} entries, {} ms",
                    tenantId,
                    services.size(),
                    entries.size(),
                    (System.nanoTime() - began) / 1_000_000);
        }

        @Override
        public void close() {
            services.forEach(ServiceExport::close);
        }

        private Map<String, Object> copy(
                ServiceExport service, ZipOutputStream zip, List<Map<String, Object>> entries, byte[] buffer)
                throws IOException {
            Map<String, Long> counted = new LinkedHashMap<>();
            JsonNode summary = null;
            try (ZipInputStream in = new ZipInputStream(service.response().getBody())) {
                for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                    String name = entry.getName();
                    if (summary != null) {
                        throw incomplete(service, "an entry (" + name + ") after " + DeletionEndpoints.EXPORT_MANIFEST);
                    }
                    if (name.equals(DeletionEndpoints.EXPORT_MANIFEST)) {
                        summary = JSON.readTree(in.readNBytes(4 * 1024 * 1024));
                        continue;
                    }
                    if (!safe(name)) {
                        throw incomplete(service, "an entry with an unsafe name: " + name);
                    }
                    String path = service.name() + "/" + name;
                    zip.putNextEntry(new ZipEntry(path));
                    MessageDigest sha256 = sha256();
                    boolean table = name.endsWith(DeletionEndpoints.EXPORT_TABLE_SUFFIX) && !name.contains("/");
                    long bytes = 0;
                    long rows = 0;
                    int read;
                    while ((read = in.read(buffer)) != -1) {
                        zip.write(buffer, 0, read);
                        sha256.update(buffer, 0, read);
                        bytes += read;
                        if (table) {
                            for (int i = 0; i < read; i++) {
                                if (buffer[i] == '\n') {
                                    rows++;
                                }
                            }
                        }
                    }
                    zip.closeEntry();
                    Map<String, Object> described = new LinkedHashMap<>();
                    described.put("path", path);
                    described.put("bytes", bytes);
                    described.put("sha256", HexFormat.of().formatHex(sha256.digest()));
                    if (table) {
                        String tableName =
                                name.substring(0, name.length() - DeletionEndpoints.EXPORT_TABLE_SUFFIX.length());
                        described.put("table", tableName);
                        described.put("rows", rows);
                        counted.put(tableName, rows);
                    }
                    entries.add(described);
                }
            }
            if (summary == null) {
                throw incomplete(service, "no " + DeletionEndpoints.EXPORT_MANIFEST + " (cut short)");
            }
            Map<String, Long> declared = new LinkedHashMap<>();
            summary.path("tables")
                    .fields()
                    .forEachRemaining(field ->
                            declared.put(field.getKey(), field.getValue().asLong()));
            if (!declared.equals(counted)) {
                throw incomplete(service, "row counts " + counted + " differ from its export.json " + declared);
            }
            Map<String, Object> described = new LinkedHashMap<>();
            described.put("schema", summary.path("schema").asText());
            described.put("snapshot_at", summary.path("snapshot_at").asText());
            described.put("tables", declared);
            described.put("files", JSON.convertValue(summary.path("files"), CLAIMS));
            return described;
        }

        private IOException incomplete(ServiceExport service, String what) {
            log.error("Export of tenant {} aborted: {} sent {}", tenantId, service.name(), what);
            return new IOException("the export of " + service.name() + " is incomplete: " + what);
        }
    }

    /** A relative path inside the service's folder: no absolute path, no {@code ..}, no backslash. */
    private static boolean safe(String name) {
        if (name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.contains("\0")) {
            return false;
        }
        for (String segment : name.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String problemType(ClientHttpResponse response) {
        try (InputStream body = response.getBody()) {
            return JSON.readTree(body.readNBytes(4096)).path("type").asText("");
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** One service's open export. */
    record ServiceExport(String name, ClientHttpResponse response) {

        void close() {
            response.close();
        }
    }

    /** A service that refused its export or could not be reached; nothing has been sent. */
    static final class ExportRefusedException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final boolean erasureBegun;

        ExportRefusedException(String service, boolean erasureBegun) {
            super(service + (erasureBegun ? " has begun erasing the tenant" : " cannot export the tenant now"));
            this.erasureBegun = erasureBegun;
        }

        boolean erasureBegun() {
            return erasureBegun;
        }
    }
}
