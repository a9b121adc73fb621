package com.bakeryia.orchestrator.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bakeryia.fleet.token.ServiceTokenScopes;
import com.bakeryia.orchestrator.support.FleetStub;
import com.bakeryia.orchestrator.support.OrchestratorTestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The orchestrator gathers a tenant's export from every service (stubbed) into one ZIP with a
 * manifest signed by the receipt key, refuses once the tenant's erasure has begun, sends nothing when
 * a service refuses, and never completes an archive a service sent incomplete or miscounted.
 */
class TenantExportIntegrationTests extends OrchestratorTestSupport {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void oneZipWithEveryServicesEntriesAndASignedManifestThatVerifiesOffline() throws Exception {
        UUID tenant = UUID.randomUUID();

        HttpResponse<byte[]> answer = export(tenant, exportToken(tenant));

        assertThat(answer.statusCode())
                .as(new String(answer.body(), StandardCharsets.UTF_8))
                .isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/zip");
        Map<String, byte[]> entries = unzip(answer.body());
        assertThat(entries.keySet()).last().isEqualTo("manifest.jws");
        assertThat(entries).containsKey("manifest.json");
        for (String service : SERVICES) {
            String table = service.replace("-service", "").replace('-', '_') + "_rows";
            assertThat(entries).containsKey(service + "/" + table + ".ndjson");
            assertThat(entries).containsKey(service + "/files/notes/readme.txt");
            assertThat(entries).doesNotContainKey(service + "/export.json");
            assertThat(new String(entries.get(service + "/" + table + ".ndjson"), StandardCharsets.UTF_8))
                    .isEqualTo(new String(
                            unzip(FleetStub.exportArchive(service, tenant, 3, true))
                                    .get(table + ".ndjson"),
                            StandardCharsets.UTF_8));
        }

        JWSObject jws = JWSObject.parse(new String(entries.get("manifest.jws"), StandardCharsets.US_ASCII));
        JWKSet keys = JWKSet.parse(get("/.well-known/receipt-jwks.json", null).text());
        ECKey key = (ECKey) keys.getKeyByKeyId(jws.getHeader().getKeyID());
        assertThat(key).as("signed with a receipt key").isNotNull();
        assertThat(jws.verify(new ECDSAVerifier(key))).isTrue();
        assertThat(jws.getHeader().getType().getType()).isEqualTo("tenant-export-manifest+jwt");
        JsonNode manifest = JSON.readTree(jws.getPayload().toString());
        assertThat(JSON.readTree(entries.get("manifest.json"))).isEqualTo(manifest);
        assertThat(manifest.path("tenant_id").asText()).isEqualTo(tenant.toString());
        assertThat(manifest.path("iss").asText()).isEqualTo("orchestrator-service");
        assertThat(manifest.path("services").size()).isEqualTo(SERVICES.size());
        assertThat(manifest.path("services")
                        .path("orders-service")
                        .path("tables")
                        .path("orders_rows")
                        .asLong())
                .isEqualTo(3);
        int described = 0;
        for (JsonNode entry : manifest.path("entries")) {
            byte[] bytes = entries.get(entry.path("path").asText());
            assertThat(bytes).as(entry.toString()).isNotNull();
            assertThat(entry.path("bytes").asLong()).isEqualTo(bytes.length);
            assertThat(entry.path("sha256").asText())
                    .isEqualTo(HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
            if (entry.has("table")) {
                assertThat(entry.path("rows").asLong()).isEqualTo(3);
            }
            described++;
        }
        assertThat(described).as("every entry but the manifest is described").isEqualTo(entries.size() - 2);
        assertThat(FLEET.calls().stream()
                        .filter(call -> call.tenantId().equals(tenant))
                        .map(call -> call.claims().path("scope").asText())
                        .distinct())
                .containsExactly(ServiceTokenScopes.TENANT_DATA_EXPORT);
    }

    @Test
    void aServiceThatRefusesOrIsUnreachableMeansNothingIsSent() throws Exception {
        UUID tenant = UUID.randomUUID();
        FLEET.script("sales-service", tenant, FleetStub.status(503));

        HttpResponse<byte[]> busy = export(tenant, exportToken(tenant));

        assertThat(busy.statusCode()).isEqualTo(503);
        JsonNode problem = JSON.readTree(busy.body());
        assertThat(problem.path("type").asText()).isEqualTo("urn:bakery-ia:problem:tenant-data-unavailable");
        assertThat(problem.path("detail").asText()).contains("sales-service").doesNotContain("127.0.0.1");

        FLEET.script("training-service", tenant, new FleetStub.ExportErasureBegun());
        HttpResponse<byte[]> begun = export(tenant, exportToken(tenant));
        assertThat(begun.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(begun.body()).path("type").asText())
                .isEqualTo("urn:bakery-ia:problem:tenant-erasure-begun");
    }

    @Test
    void anArchiveAServiceSentMiscountedOrCutShortIsNeverCompleted() throws Exception {
        UUID miscounted = UUID.randomUUID();
        FLEET.script("inventory-service", miscounted, new FleetStub.ExportCountsWrong());
        UUID cut = UUID.randomUUID();
        FLEET.script("recipes-service", cut, new FleetStub.ExportCutShort());

        for (UUID tenant : new UUID[] {miscounted, cut}) {
            byte[] body;
            try {
                body = export(tenant, exportToken(tenant)).body();
            } catch (IOException dropped) {
                continue; // the connection was closed under the client: nothing valid arrived
            }
            assertThatThrownBy(() -> unzip(body))
                    .as("the archive has no manifest and no central directory")
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void theErasureOnceBegunRefusesTheExport() throws Exception {
        UUID tenant = UUID.randomUUID();
        UUID job = createJob(tenant);
        awaitStatus(job, "COMPLETED", Duration.ofSeconds(30));

        HttpResponse<byte[]> answer = export(tenant, exportToken(tenant));

        assertThat(answer.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(answer.body()).path("type").asText())
                .isEqualTo("urn:bakery-ia:problem:tenant-erasure-begun");
        assertThat(FLEET.calls().stream()
                        .filter(call -> call.tenantId().equals(tenant))
                        .noneMatch(call -> call.claims().path("scope").asText().equals("tenant-data.export")))
                .isTrue();
    }

    @Test
    void onlyTenantServiceForThatTenantExports() throws Exception {
        UUID tenant = UUID.randomUUID();

        assertThat(export(tenant, null).statusCode()).isEqualTo(401);
        assertThat(export(tenant, exportToken(UUID.randomUUID())).statusCode())
                .as("bound to another tenant")
                .isEqualTo(403);
        assertThat(export(tenant, tenantServiceToken(tenant, UUID.randomUUID())).statusCode())
                .as("another scope")
                .isEqualTo(403);
        assertThat(export(tenant, opsToken()).statusCode()).as("an operator").isEqualTo(403);
        assertThat(export(tenant, adminToken(UUID.randomUUID().toString())).statusCode())
                .as("an administrator")
                .isEqualTo(403);
        String wrongAudience = TENANT_SERVICE
                .token()
                .audience("orders-service")
                .scope(ServiceTokenScopes.TENANT_DATA_EXPORT)
                .tenant(tenant)
                .sign();
        assertThat(export(tenant, wrongAudience).statusCode())
                .as("addressed to another service: no scope is granted here")
                .isEqualTo(403);
        assertThat(FLEET.calls().stream().noneMatch(call -> call.tenantId().equals(tenant)))
                .as("no service was asked")
                .isTrue();
    }

    private static String exportToken(UUID tenantId) {
        return TENANT_SERVICE
                .token()
                .audience("orchestrator-service")
                .scope(ServiceTokenScopes.TENANT_DATA_EXPORT)
                .tenant(tenantId)
                .sign();
    }

    private HttpResponse<byte[]> export(UUID tenantId, @Nullable String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/tenants/" + tenantId + "/export"))
                .timeout(Duration.ofSeconds(30))
                .GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static Map<String, byte[]> unzip(byte[] archive) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                entries.put(entry.getName(), zip.readAllBytes());
            }
        }
        if (entries.isEmpty()) {
            throw new IOException("not a ZIP");
        }
        // ZipInputStream reads local headers only; a valid archive also ends with its central directory.
        try (var file = new java.util.zip.ZipFile(writeTemp(archive))) {
            if (file.size() != entries.size()) {
                throw new IOException("central directory and entries differ");
            }
        }
        return entries;
    }

    private static java.io.File writeTemp(byte[] archive) throws IOException {
        java.nio.file.Path path = java.nio.file.Files.createTempFile("export", ".zip");
        path.toFile().deleteOnExit();
        java.nio.file.Files.write(path, archive);
        return path.toFile();
    }
}
