package com.bakeryia.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Checks a tenant export offline: its {@code manifest.jws} verifies with a key of the orchestrator's
 * receipt JWKS, and every entry has the size and SHA-256 the manifest states.
 */
public final class ExportVerifier {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A verified export: the key, the entries checked and the rows per service. */
    public record VerifiedExport(String keyId, int entries, Map<String, Long> rowsPerService, JsonNode manifest) {}

    private ExportVerifier() {}

    /**
     * @throws IllegalStateException naming what does not hold
     */
    public static VerifiedExport verify(Path archive, String jwks) throws IOException {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            ZipEntry signed = zip.getEntry("manifest.jws");
            if (signed == null) {
                throw new IllegalStateException("no manifest.jws: not a complete export");
            }
            JWSObject jws = JWSObject.parse(read(zip, signed));
            String kid = jws.getHeader().getKeyID();
            JWK key = JWKSet.parse(jwks).getKeyByKeyId(kid);
            if (!(key instanceof ECKey ecKey) || !jws.verify(new ECDSAVerifier(ecKey))) {
                throw new IllegalStateException("the manifest's signature does not verify with receipt key " + kid);
            }
            if (jws.getHeader().getType() == null
                    || !"tenant-export-manifest+jwt"
                            .equals(jws.getHeader().getType().getType())) {
                throw new IllegalStateException(
                        "manifest.jws has typ " + jws.getHeader().getType());
            }
            JsonNode manifest = JSON.readTree(jws.getPayload().toString());
            int checked = 0;
            Map<String, Long> rows = new LinkedHashMap<>();
            for (JsonNode described : manifest.path("entries")) {
                String path = described.path("path").asText();
                ZipEntry entry = zip.getEntry(path);
                if (entry == null) {
                    throw new IllegalStateException("entry " + path + " of the manifest is missing");
                }
                MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
                long bytes = 0;
                try (InputStream in = zip.getInputStream(entry)) {
                    byte[] buffer = new byte[64 * 1024];
                    for (int read = in.read(buffer); read != -1; read = in.read(buffer)) {
                        sha256.update(buffer, 0, read);
                        bytes += read;
                    }
                }
                if (bytes != described.path("bytes").asLong()
                        || !HexFormat.of()
                                .formatHex(sha256.digest())
                                .equals(described.path("sha256").asText())) {
                    throw new IllegalStateException("entry " + path + " differs from the manifest");
                }
                if (described.has("rows")) {
                    rows.merge(
                            path.substring(0, path.indexOf('/')),
                            described.path("rows").asLong(),
                            Long::sum);
                }
                checked++;
            }
            if (checked != zip.size() - 2) {
                throw new IllegalStateException(
                        "the archive has " + (zip.size() - 2) + " entries besides the manifest, it lists " + checked);
            }
            return new VerifiedExport(kid, checked, rows, manifest);
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("not a signed manifest or not a JWKS: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(ZipFile zip, ZipEntry entry) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
