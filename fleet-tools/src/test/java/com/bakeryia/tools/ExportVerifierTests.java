package com.bakeryia.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bakeryia.tools.ExportVerifier.VerifiedExport;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archives built here in the orchestrator's format (TenantExportArchive), signed with a generated key. */
class ExportVerifierTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final UUID TENANT = UUID.fromString("6f1c2a57-8a0e-4d3b-9b1e-2f7c0d9a4e11");

    private static ECKey receiptKey;
    private static String jwks;

    @TempDir
    Path dir;

    @BeforeAll
    static void keys() throws JOSEException {
        receiptKey = new ECKeyGenerator(Curve.P_256)
                .keyID("orchestrator-receipts-test")
                .generate();
        jwks = new JWKSet(receiptKey.toPublicJWK()).toString();
    }

    @Test
    void acceptsACompleteSignedArchiveAndSaysWhatItHolds() throws IOException {
        VerifiedExport verified = ExportVerifier.verify(new Fixture().write(), jwks);

        assertThat(verified.keyId()).isEqualTo("orchestrator-receipts-test");
        assertThat(verified.tenantId()).isEqualTo(TENANT);
        assertThat(verified.createdAt()).isEqualTo("2026-12-04T02:00:00Z");
        assertThat(verified.services()).containsExactly("orders-service", "training-service");
        assertThat(verified.tables())
                .containsEntry("orders-service", Map.of("customers", 2L, "orders", 3L))
                .containsEntry("training-service", Map.of("models", 1L));
        assertThat(verified.totalRows()).isEqualTo(6);
        assertThat(verified.entries()).isEqualTo(4);
    }

    @Test
    void acceptsAnEmptyTable() throws IOException {
        Fixture fixture = new Fixture();
        fixture.table("orders-service", "refunds", "");

        assertThat(ExportVerifier.verify(fixture.write(), jwks).tables().get("orders-service"))
                .containsEntry("refunds", 0L);
    }

    @Test
    void rejectsAnEntryWithOneByteChanged() {
        Fixture fixture = new Fixture();
        fixture.afterSigning = content -> content.get("orders-service/orders.ndjson")[2] ^= 1;

        assertInvalid(fixture, "orders-service/orders.ndjson has SHA-256");
    }

    @Test
    void rejectsAnEntryTheManifestDoesNotList() {
        Fixture fixture = new Fixture();
        fixture.afterSigning = content -> content.put("orders-service/extra.ndjson", "{}\n".getBytes());

        assertInvalid(fixture, "holds orders-service/extra.ndjson, which the manifest does not list");
    }

    @Test
    void rejectsAListedEntryTheZipDoesNotHold() {
        Fixture fixture = new Fixture();
        fixture.afterSigning = content -> content.remove("orders-service/customers.ndjson");

        assertInvalid(fixture, "lists orders-service/customers.ndjson, which the ZIP does not hold");
    }

    @Test
    void rejectsAManifestSignedWithAnotherKey() throws JOSEException {
        Fixture fixture = new Fixture();
        fixture.signingKey =
                new ECKeyGenerator(Curve.P_256).keyID(receiptKey.getKeyID()).generate();

        assertInvalid(fixture, "manifest.jws's signature does not verify with key orchestrator-receipts-test");
    }

    @Test
    void rejectsAManifestSignedWithAKeyNotInTheJwks() throws JOSEException {
        Fixture fixture = new Fixture();
        fixture.signingKey =
                new ECKeyGenerator(Curve.P_256).keyID("somebody-else").generate();

        assertInvalid(fixture, "no EC key 'somebody-else'");
    }

    @Test
    void rejectsAReceiptTypedJwsAsManifest() {
        Fixture fixture = new Fixture();
        fixture.type = ReceiptVerifier.RECEIPT_TYPE;

        assertInvalid(fixture, "manifest.jws has typ deletion-receipt+jwt, not tenant-export-manifest+jwt");
    }

    @Test
    void rejectsAManifestJsonThatDiffersFromTheSignedClaims() {
        Fixture fixture = new Fixture();
        fixture.plainManifest = manifest -> ((Map<String, Object>) manifest).put("created_at", "2026-12-05T00:00:00Z");

        assertInvalid(fixture, "manifest.json differs from the claims of manifest.jws")
                .hasMessageContaining("/created_at");
    }

    @Test
    void rejectsAnArchiveWithoutSignedManifest() {
        Fixture fixture = new Fixture();
        fixture.afterSigning = content -> content.remove(ExportVerifier.MANIFEST_JWS);

        assertInvalid(fixture, "the ZIP has no manifest.jws");
    }

    @Test
    void rejectsATruncatedArchive() throws IOException {
        Path archive = new Fixture().write();
        byte[] whole = Files.readAllBytes(archive);
        Files.write(archive, java.util.Arrays.copyOf(whole, whole.length / 2));

        assertThatThrownBy(() -> ExportVerifier.verify(archive, jwks))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not a complete ZIP (no central directory");
    }

    @Test
    void rejectsATableWhoseLinesAreNotItsListedRows() {
        Fixture fixture = new Fixture();
        fixture.signedManifest =
                manifest -> entry(manifest, "orders-service/orders.ndjson").put("rows", 4);

        assertInvalid(fixture, "orders-service/orders.ndjson holds 3 rows, the manifest says 4");
    }

    @Test
    void rejectsServiceTableCountsThatDifferFromTheEntries() {
        Fixture fixture = new Fixture();
        fixture.signedManifest = manifest -> tables(manifest, "orders-service").put("orders", 30L);

        assertInvalid(fixture, "the tables of orders-service in the manifest");
    }

    @Test
    void rejectsALineThatIsNotAJsonObject() {
        Fixture fixture = new Fixture();
        fixture.table("orders-service", "notes", "{\"id\":1}\n{\"id\":\n");

        assertInvalid(fixture, "orders-service/notes.ndjson: line 2 is not JSON");
    }

    @Test
    void rejectsATableWhoseLastLineHasNoNewline() {
        Fixture fixture = new Fixture();
        fixture.table("orders-service", "notes", "{\"id\":1}\n{\"id\":2}");

        assertInvalid(fixture, "orders-service/notes.ndjson: the last line (2) has no newline");
    }

    private org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertInvalid(
            Fixture fixture, String message) {
        return assertThatThrownBy(() -> ExportVerifier.verify(fixture.write(), jwks))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(message);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> entry(Map<String, Object> manifest, String path) {
        return ((List<Map<String, Object>>) manifest.get("entries"))
                .stream().filter(e -> e.get("path").equals(path)).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> tables(Map<String, Object> manifest, String service) {
        return (Map<String, Object>)
                ((Map<String, Object>) ((Map<String, Object>) manifest.get("services")).get(service)).get("tables");
    }

    /** One archive as TenantExportArchive writes it, with hooks to spoil it. */
    private final class Fixture {

        private final Map<String, byte[]> content = new LinkedHashMap<>();
        private final Map<String, String> snapshot = new LinkedHashMap<>();
        ECKey signingKey = receiptKey;
        JOSEObjectType type = ExportVerifier.MANIFEST_TYPE;
        Consumer<Map<String, Object>> signedManifest = manifest -> {};
        Consumer<Object> plainManifest = manifest -> {};
        Consumer<Map<String, byte[]>> afterSigning = zip -> {};

        Fixture() {
            table("orders-service", "customers", "{\"id\":1,\"name\":\"A\"}\n{\"id\":2,\"name\":null}\n");
            table("orders-service", "orders", "{\"id\":10}\n{\"id\":11}\n{\"id\":12,\"lines\":[1,2]}\n");
            table("training-service", "models", "{\"id\":\"m1\"}\n");
            content.put("training-service/files/model-artifact-files/m1/model.bin", new byte[] {0, 1, 2, '\n', 3});
        }

        void table(String service, String table, String ndjson) {
            content.put(service + "/" + table + ".ndjson", ndjson.getBytes(StandardCharsets.UTF_8));
            snapshot.putIfAbsent(service, "2026-12-04T01:59:5" + snapshot.size() + "Z");
        }

        Path write() throws IOException {
            Map<String, Object> manifest = manifest();
            signedManifest.accept(manifest);
            String jws = sign(manifest);
            Map<String, Object> plain =
                    JSON.readValue(JSON.writeValueAsBytes(JSON.readTree(jwsPayload(jws))), Map.class);
            plainManifest.accept(plain);
            Map<String, byte[]> zip = new LinkedHashMap<>(content);
            zip.put(ExportVerifier.MANIFEST, PRETTY.writeValueAsBytes(plain));
            zip.put(ExportVerifier.MANIFEST_JWS, jws.getBytes(StandardCharsets.US_ASCII));
            afterSigning.accept(zip);
            Path archive = Files.createTempFile(dir, "export", ".zip");
            try (OutputStream file = Files.newOutputStream(archive);
                    ZipOutputStream out = new ZipOutputStream(file)) {
                for (Map.Entry<String, byte[]> entry : zip.entrySet()) {
                    out.putNextEntry(new ZipEntry(entry.getKey()));
                    out.write(entry.getValue());
                    out.closeEntry();
                }
            }
            return archive;
        }

        private Map<String, Object> manifest() {
            Map<String, Object> services = new LinkedHashMap<>();
            List<Map<String, Object>> entries = new ArrayList<>();
            for (Map.Entry<String, byte[]> file : content.entrySet()) {
                String path = file.getKey();
                String service = path.substring(0, path.indexOf('/'));
                String name = path.substring(service.length() + 1);
                @SuppressWarnings("unchecked")
                Map<String, Object> described = (Map<String, Object>) services.computeIfAbsent(service, s -> {
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("schema", s.replace("-service", ""));
                    d.put("snapshot_at", snapshot.get(s));
                    d.put("tables", new LinkedHashMap<String, Object>());
                    d.put("files", new LinkedHashMap<String, Object>());
                    return d;
                });
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("path", path);
                entry.put("bytes", (long) file.getValue().length);
                entry.put("sha256", sha256(file.getValue()));
                if (name.endsWith(".ndjson") && !name.contains("/")) {
                    String table = name.substring(0, name.length() - ".ndjson".length());
                    long rows = new String(file.getValue(), StandardCharsets.UTF_8)
                            .chars()
                            .filter(c -> c == '\n')
                            .count();
                    entry.put("table", table);
                    entry.put("rows", rows);
                    tables(Map.of("services", services), service).put(table, rows);
                } else {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> files = (Map<String, Object>) described.get("files");
                    files.put(name, (long) file.getValue().length);
                }
                entries.add(entry);
            }
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("format", ExportVerifier.FORMAT);
            manifest.put("tenant_id", TENANT.toString());
            manifest.put("created_at", "2026-12-04T02:00:00Z");
            manifest.put("services", services);
            manifest.put("entries", entries);
            manifest.put("iss", "orchestrator-service");
            manifest.put("iat", 1_796_356_800L);
            return manifest;
        }

        private String sign(Map<String, Object> manifest) throws IOException {
            JWSObject jws = new JWSObject(
                    new JWSHeader.Builder(JWSAlgorithm.ES256)
                            .keyID(signingKey.getKeyID())
                            .type(type)
                            .build(),
                    new Payload(JSON.writeValueAsString(manifest)));
            try {
                jws.sign(new ECDSASigner(signingKey));
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
            return jws.serialize();
        }

        private static byte[] jwsPayload(String jws) {
            return java.util.Base64.getUrlDecoder().decode(jws.split("\\.")[1]);
        }

        private static String sha256(byte[] bytes) {
            try {
                return HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
