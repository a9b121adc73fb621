package com.bakeryia.tenant.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.bakeryia.tenant.testing.TenantApi.Response;
import com.bakeryia.tenant.testing.TenantServiceIntegrationTest;
import com.bakeryia.tenant.testing.TestFleet;
import com.nimbusds.jwt.JWTClaimsSet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The owner requests an export and downloads it as often as needed until it expires; the archive
 * comes from the orchestrator (stubbed here) with a service token bound to the tenant, and nothing
 * of it is stored. Nobody but the owner, and no id of another tenant, gets at it.
 */
class TenantExportIntegrationTests extends TenantServiceIntegrationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    private int port;

    @Test
    void theOwnerRequestsAndDownloadsTheArchiveStreamedFromTheOrchestrator() throws Exception {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Exportadora");
        byte[] archive = new byte[3 * 1024 * 1024 + 17];
        Arrays.fill(archive, (byte) 'z');
        archive[0] = 'P';
        archive[archive.length - 1] = 'K';
        TestFleet.ORCHESTRATOR.answerExport(tenant, archive);

        Response requested = api.as(owner, "POST", "/api/v1/tenants/" + tenant + "/exports", null);

        assertThat(requested.status()).as(requested.body()).isEqualTo(202);
        UUID exportId = UUID.fromString(requested.json().get("export_id").asText());
        assertThat(requested.header("Location")).hasValue("/api/v1/tenants/" + tenant + "/exports/" + exportId);
        assertThat(requested.json().get("status").asText()).isEqualTo("ready");
        assertThat(Duration.between(
                        Instant.parse(requested.json().get("requested_at").asText()),
                        Instant.parse(requested.json().get("expires_at").asText())))
                .isEqualTo(Duration.ofDays(1));
        String download = requested.json().get("download_url").asText();
        assertThat(download).isEqualTo("/api/v1/tenants/" + tenant + "/exports/" + exportId + "/download");

        HttpResponse<byte[]> zip = download(owner, download);

        assertThat(zip.statusCode()).isEqualTo(200);
        assertThat(zip.headers().firstValue("Content-Type")).hasValue("application/zip");
        assertThat(zip.headers().firstValue("Content-Disposition").orElseThrow())
                .contains("attachment");
        assertThat(zip.body()).isEqualTo(archive);
        JWTClaimsSet token = verifiedWithTenantServiceKeys(
                TestFleet.ORCHESTRATOR.exportsOf(tenant).get(0).getHeader("Authorization"));
        assertThat(token.getAudience()).containsExactly("orchestrator-service");
        assertThat(token.getStringClaim("scope")).isEqualTo("tenant-data.export");
        assertThat(token.getStringClaim("tenant_id")).isEqualTo(tenant.toString());

        Response status = api.as(owner, "GET", "/api/v1/tenants/" + tenant + "/exports/" + exportId, null);
        assertThat(status.json().get("downloads").asInt()).isEqualTo(1);
        assertThat(status.json().get("last_download_outcome").asText()).isEqualTo("COMPLETED");
        assertThat(status.json().get("last_download_bytes").asLong()).isEqualTo(archive.length);
        assertThat(download(owner, download).body()).as("downloaded again").isEqualTo(archive);
    }

    @Test
    void onlyTheOwnerExports_anAdminAndAMemberGet403_aStrangerAndNoTokenAreRefused() throws Exception {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Celosa");
        UUID admin = UUID.randomUUID();
        UUID member = UUID.randomUUID();
        api.addMember(owner, tenant, admin, "ADMIN");
        api.addMember(owner, tenant, member, "MEMBER");
        String exports = "/api/v1/tenants/" + tenant + "/exports";
        UUID exportId = UUID.fromString(
                api.as(owner, "POST", exports, null).json().get("export_id").asText());
        TestFleet.ORCHESTRATOR.answerExport(tenant, "PK".getBytes(StandardCharsets.US_ASCII));

        for (UUID notOwner : new UUID[] {admin, member}) {
            Response post = api.as(notOwner, "POST", exports, null);
            assertThat(post.status()).isEqualTo(403);
            assertThat(post.problemType()).isEqualTo("urn:bakery-ia:problem:insufficient-role");
            assertThat(api.as(notOwner, "GET", exports + "/" + exportId, null).status())
                    .isEqualTo(403);
            assertThat(download(notOwner, exports + "/" + exportId + "/download")
                            .statusCode())
                    .isEqualTo(403);
        }
        UUID stranger = UUID.randomUUID();
        Response byStranger = api.as(stranger, "POST", exports, null);
        assertThat(byStranger.status()).isEqualTo(404);
        assertThat(byStranger.problemType()).isEqualTo("urn:bakery-ia:problem:tenant-not-found");
        assertThat(download(stranger, exports + "/" + exportId + "/download").statusCode())
                .isEqualTo(404);
        assertThat(api.call("POST", exports, null, null).status()).isEqualTo(401);
        assertThat(api.call("GET", exports + "/" + exportId + "/download", null, null)
                        .status())
                .isEqualTo(401);
        assertThat(TestFleet.ORCHESTRATOR.exportsOf(tenant))
                .as("nothing was fetched")
                .isEmpty();
    }

    @Test
    void anExportIsOnlyFoundUnderItsOwnTenant() throws Exception {
        UUID owner = UUID.randomUUID();
        UUID mine = api.createTenant(owner, "Mía");
        UUID alsoMine = api.createTenant(owner, "También mía");
        UUID otherOwner = UUID.randomUUID();
        UUID theirs = api.createTenant(otherOwner, "Suya");
        UUID theirExport = UUID.fromString(api.as(otherOwner, "POST", "/api/v1/tenants/" + theirs + "/exports", null)
                .json()
                .get("export_id")
                .asText());
        UUID myExport = UUID.fromString(api.as(owner, "POST", "/api/v1/tenants/" + mine + "/exports", null)
                .json()
                .get("export_id")
                .asText());

        Response theirsUnderMine = api.as(owner, "GET", "/api/v1/tenants/" + mine + "/exports/" + theirExport, null);
        Response mineUnderMyOther = api.as(owner, "GET", "/api/v1/tenants/" + alsoMine + "/exports/" + myExport, null);
        HttpResponse<byte[]> downloadTheirs =
                download(owner, "/api/v1/tenants/" + mine + "/exports/" + theirExport + "/download");
        Response underTheirs = api.as(owner, "GET", "/api/v1/tenants/" + theirs + "/exports/" + theirExport, null);

        assertThat(theirsUnderMine.status()).isEqualTo(404);
        assertThat(theirsUnderMine.problemType()).isEqualTo("urn:bakery-ia:problem:export-not-found");
        assertThat(mineUnderMyOther.status()).isEqualTo(404);
        assertThat(downloadTheirs.statusCode()).isEqualTo(404);
        assertThat(underTheirs.status()).isEqualTo(404);
        assertThat(underTheirs.problemType()).isEqualTo("urn:bakery-ia:problem:tenant-not-found");
        assertThat(api.as(owner, "GET", "/api/v1/tenants/" + mine + "/exports/not-a-uuid", null)
                        .status())
                .isEqualTo(400);
        assertThat(TestFleet.ORCHESTRATOR.exportsOf(theirs)).isEmpty();
    }

    @Test
    void aRefusalOrAnUnreachableOrchestratorSendsNothingAndIsRecorded() throws Exception {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Rechazada");
        String exportPath = "/api/v1/tenants/" + tenant + "/exports/"
                + api.as(owner, "POST", "/api/v1/tenants/" + tenant + "/exports", null)
                        .json()
                        .get("export_id")
                        .asText();

        TestFleet.ORCHESTRATOR.refuseExport(tenant, 409, "tenant-erasure-begun");
        Response begun = api.as(owner, "GET", exportPath + "/download", null);
        assertThat(begun.status()).isEqualTo(409);
        assertThat(begun.problemType()).isEqualTo("urn:bakery-ia:problem:tenant-erasure-begun");

        TestFleet.ORCHESTRATOR.refuseExport(tenant, 503, "export-capacity-exhausted");
        Response busy = api.as(owner, "GET", exportPath + "/download", null);
        assertThat(busy.status()).isEqualTo(503);
        assertThat(busy.problemType()).isEqualTo("urn:bakery-ia:problem:tenant-data-unavailable");
        assertThat(busy.body()).doesNotContain("127.0.0.1");

        TestFleet.ORCHESTRATOR.down();
        try {
            Response down = api.as(owner, "GET", exportPath + "/download", null);
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.problemType()).isEqualTo("urn:bakery-ia:problem:orchestrator-unavailable");
        } finally {
            TestFleet.ORCHESTRATOR.up();
        }
        Response status = api.as(owner, "GET", exportPath, null);
        assertThat(status.json().get("downloads").asInt()).isEqualTo(3);
        assertThat(status.json().get("last_download_outcome").asText()).isEqualTo("FAILED");
    }

    @Test
    void aDownloadCutShortByTheOrchestratorIsRecordedFailed() throws Exception {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Cortada");
        String exportPath = "/api/v1/tenants/" + tenant + "/exports/"
                + api.as(owner, "POST", "/api/v1/tenants/" + tenant + "/exports", null)
                        .json()
                        .get("export_id")
                        .asText();
        TestFleet.ORCHESTRATOR.cutExportShort(tenant);

        try {
            download(owner, exportPath + "/download");
        } catch (java.io.IOException expected) {
            // the connection may be closed under the client: that is the point
        }

        await(
                "the download is recorded as failed",
                () -> "FAILED"
                        .equals(api.as(owner, "GET", exportPath, null)
                                .json()
                                .path("last_download_outcome")
                                .asText()));
    }

    @Test
    void exportsExpireAndATenantHoldsAtMostFive() throws Exception {
        UUID owner = UUID.randomUUID();
        UUID tenant = api.createTenant(owner, "Limitada");
        String exports = "/api/v1/tenants/" + tenant + "/exports";
        String first =
                api.as(owner, "POST", exports, null).json().get("export_id").asText();
        for (int i = 1; i < 5; i++) {
            assertThat(api.as(owner, "POST", exports, null).status()).isEqualTo(202);
        }

        Response sixth = api.as(owner, "POST", exports, null);
        assertThat(sixth.status()).isEqualTo(429);
        assertThat(sixth.problemType()).isEqualTo("urn:bakery-ia:problem:too-many-exports");

        jdbc.update(
                "UPDATE tenant.tenant_exports SET expires_at = now() - interval '1 second' WHERE export_id = ?",
                UUID.fromString(first));
        assertThat(api.as(owner, "GET", exports + "/" + first, null)
                        .json()
                        .get("status")
                        .asText())
                .isEqualTo("expired");
        assertThat(download(owner, exports + "/" + first + "/download").statusCode())
                .isEqualTo(404);
        assertThat(api.as(owner, "POST", exports, null).status())
                .as("an expired one no longer counts")
                .isEqualTo(202);
    }

    private HttpResponse<byte[]> download(UUID user, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Authorization", "Bearer " + TestFleet.userToken(user))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
