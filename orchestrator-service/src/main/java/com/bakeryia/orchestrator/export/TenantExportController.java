package com.bakeryia.orchestrator.export;

import com.bakeryia.fleet.web.FleetProblem;
import com.bakeryia.fleet.web.FleetProblemException;
import com.bakeryia.fleet.web.InvalidId;
import com.bakeryia.orchestrator.export.TenantExportArchive.ExportRefusedException;
import com.bakeryia.orchestrator.export.TenantExportArchive.OpenExport;
import com.bakeryia.orchestrator.store.JobStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/tenants/{tenantId}/export}: the tenant's data from every service, one ZIP. */
@RestController
@Tag(
        name = "Tenant data export",
        description = "One tenant's data from every service (GDPR Art. 20), for tenant-service's owner exports.")
@InvalidId(problem = FleetProblem.INVALID_TENANT_ID, detail = "The %4$s is not a UUID: %2$s")
class TenantExportController {

    private static final Logger log = LoggerFactory.getLogger(TenantExportController.class);

    private final TenantExportArchive archive;
    private final JobStore jobs;

    TenantExportController(TenantExportArchive archive, JobStore jobs) {
        this.archive = archive;
        this.jobs = jobs;
    }

    @GetMapping("/api/v1/tenants/{tenantId}/export")
    @Operation(
            operationId = "exportTenant",
            summary = "Export one tenant's data from every service as one ZIP",
            description = "Streamed, never stored: <service>/<table>.ndjson and <service>/files/... as each service"
                    + " exported them (one REPEATABLE READ snapshot per service), then manifest.json (tenant,"
                    + " created_at, per service its snapshot_at and row counts, per entry its bytes, SHA-256 and"
                    + " rows) and manifest.jws (the manifest signed with the receipt key, typ"
                    + " tenant-export-manifest+jwt; /.well-known/receipt-jwks.json verifies it). Every service's"
                    + " export is opened before a byte is sent. An archive cut short has no manifest. Caller:"
                    + " tenant-service's service token (aud orchestrator-service, scope tenant-data.export, tenant_id"
                    + " equal to the path's).")
    @ApiResponse(responseCode = "200", description = "The ZIP")
    @ApiResponse(
            responseCode = "409",
            description = "tenant-erasure-begun: an erasure of the tenant has passed its point of no return or is"
                    + " done; nothing is sent")
    @ApiResponse(
            responseCode = "503",
            description = "tenant-data-unavailable: a service refused (busy) or could not be reached; nothing is sent")
    void export(@PathVariable UUID tenantId, HttpServletResponse response) throws IOException {
        if (jobs.erasureBegun(tenantId)) {
            throw erasureBegun(tenantId);
        }
        OpenExport export;
        try {
            export = archive.open(tenantId);
        } catch (ExportRefusedException e) {
            if (e.erasureBegun()) {
                throw erasureBegun(tenantId);
            }
            throw new FleetProblemException(
                    FleetProblem.TENANT_DATA_UNAVAILABLE,
                    "The tenant's data cannot be exported now: " + e.getMessage() + "; nothing was sent, try again");
        }
        try (export) {
            response.setContentType("application/zip");
            response.setHeader(
                    HttpHeaders.CONTENT_DISPOSITION,
                    ContentDisposition.attachment()
                            .filename("tenant-" + tenantId + ".zip")
                            .build()
                            .toString());
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            response.flushBuffer();
            // Written on the request's own (virtual) thread: no async timeout cuts it. An exception from
            // here on reaches the container, which closes the connection without ending the body.
            export.writeTo(response.getOutputStream());
        } catch (IOException | RuntimeException e) {
            log.error("Export of tenant {} cut short: {}", tenantId, e.toString());
            throw e;
        }
    }

    private static FleetProblemException erasureBegun(UUID tenantId) {
        return new FleetProblemException(
                FleetProblem.TENANT_ERASURE_BEGUN,
                "The erasure of tenant " + tenantId + " has passed its point of no return or is done: its data can no"
                        + " longer be exported");
    }
}
