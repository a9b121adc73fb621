package com.bakeryia.tenant.export;

import com.bakeryia.fleet.security.UserTokenAuthentication;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The owner's exports of the tenant's data. */
@RestController
@RequestMapping("/api/v1/tenants/{tenantId}/exports")
@Tag(
        name = "Tenant data exports",
        description = "The owner takes the bakery's data along (GDPR Art. 20): one ZIP of every service's data, a"
                + " consistent snapshot per service, with a manifest signed by the orchestrator. The archive is never"
                + " stored: each download streams a fresh one. Only the tenant's OWNER, with their user token.")
class TenantExportController {

    private static final Logger log = LoggerFactory.getLogger(TenantExportController.class);
    private static final MediaType ZIP = MediaType.parseMediaType("application/zip");

    private final TenantExports exports;
    private final OrchestratorExports orchestrator;

    TenantExportController(TenantExports exports, OrchestratorExports orchestrator) {
        this.exports = exports;
        this.orchestrator = orchestrator;
    }

    @PostMapping
    @Operation(
            operationId = "requestTenantExport",
            summary = "Request an export of the tenant's data",
            description = "202 with the export (status ready, expires_at = now + tenant.export.link-validity, P1D) and"
                    + " its download_url; it can be downloaded as often as wanted until it expires, also during the"
                    + " grace period of a requested erasure. Caller: the tenant's OWNER.")
    @ApiResponse(responseCode = "202", description = "The export; Location is its status")
    @ApiResponse(responseCode = "403", description = "insufficient-role: an ADMIN or MEMBER; membership-revoked")
    @ApiResponse(responseCode = "404", description = "tenant-not-found: no such tenant, or the caller is not a member")
    @ApiResponse(
            responseCode = "429",
            description = "too-many-exports: the tenant holds tenant.export.max-per-tenant (5) unexpired exports")
    ResponseEntity<TenantExport> request(@PathVariable UUID tenantId, UserTokenAuthentication caller) {
        TenantExport export = exports.request(tenantId, caller.userId());
        return ResponseEntity.accepted()
                .location(TenantExport.path(tenantId, export.exportId()))
                .body(export);
    }

    @GetMapping("/{exportId}")
    @Operation(
            operationId = "getTenantExport",
            summary = "An export's status",
            description = "ready or expired, the downloads so far and how the last one ended (COMPLETED, FAILED,"
                    + " STARTED). Caller: the tenant's OWNER.")
    @ApiResponse(responseCode = "200", description = "The export")
    @ApiResponse(responseCode = "404", description = "tenant-not-found, or export-not-found (also another tenant's id)")
    TenantExport get(@PathVariable UUID tenantId, @PathVariable UUID exportId, UserTokenAuthentication caller) {
        return exports.find(tenantId, exportId, caller.userId());
    }

    @GetMapping("/{exportId}/download")
    @Operation(
            operationId = "downloadTenantExport",
            summary = "Download an export: one ZIP",
            description = "application/zip, streamed as the orchestrator gathers it: <service>/<table>.ndjson (one JSON"
                    + " object per row, UTF-8), <service>/files/<name>/... (files as they are), manifest.json (tenant,"
                    + " time, per-table row counts, SHA-256 and size of every file) and manifest.jws (the manifest"
                    + " signed by the orchestrator's receipt key; scripts/verify-export checks it offline). A"
                    + " download cut short leaves an invalid ZIP (no manifest): download again. Caller: the tenant's"
                    + " OWNER.")
    @ApiResponse(responseCode = "200", description = "The ZIP")
    @ApiResponse(responseCode = "404", description = "tenant-not-found, or export-not-found (unknown or expired)")
    @ApiResponse(
            responseCode = "409",
            description = "tenant-erasure-begun: the erasure has passed its point of no return; nothing is sent")
    @ApiResponse(
            responseCode = "503",
            description = "tenant-data-unavailable or orchestrator-unavailable: a service cannot export now; nothing is"
                    + " sent, try again")
    void download(
            @PathVariable UUID tenantId,
            @PathVariable UUID exportId,
            UserTokenAuthentication caller,
            HttpServletResponse response)
            throws IOException {
        Instant started = exports.startDownload(tenantId, exportId, caller.userId());
        ClientHttpResponse archive;
        try {
            archive = orchestrator.open(tenantId);
        } catch (RuntimeException e) {
            exports.endDownload(tenantId, exportId, started, false, 0);
            throw e;
        }
        // Written on the request's own (virtual) thread, not as an async StreamingResponseBody: no
        // async request timeout can cut a long download.
        response.setContentType(ZIP.toString());
        response.setHeader(
                HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment()
                        .filename("bakery-" + tenantId + "-export-" + exportId + ".zip")
                        .build()
                        .toString());
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        copy(archive, response.getOutputStream(), tenantId, exportId, started);
    }

    private void copy(ClientHttpResponse archive, OutputStream out, UUID tenantId, UUID exportId, Instant started)
            throws IOException {
        long bytes = 0;
        boolean completed = false;
        try (archive;
                InputStream in = archive.getBody()) {
            byte[] buffer = new byte[64 * 1024];
            int read;
            while ((read = in.read(buffer)) != -1) {
                out.write(buffer, 0, read);
                bytes += read;
            }
            out.flush();
            completed = true;
            log.info("Export {} of tenant {} downloaded: {} bytes", exportId, tenantId, bytes);
        } catch (IOException | RuntimeException e) {
            log.error(
                    "Export {} of tenant {}: the download was cut short after {} bytes: {}",
                    exportId,
                    tenantId,
                    bytes,
                    e.toString());
            throw e;
        } finally {
            exports.endDownload(tenantId, exportId, started, completed, bytes);
        }
    }
}
