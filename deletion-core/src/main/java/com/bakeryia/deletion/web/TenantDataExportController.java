package com.bakeryia.deletion.web;

import com.bakeryia.deletion.TenantDataDeletionService;
import com.bakeryia.deletion.TenantDataExport;
import com.bakeryia.deletion.api.DeletionEndpoints;
import com.bakeryia.fleet.ServiceIdentity;
import com.bakeryia.fleet.web.FleetProblem;
import com.bakeryia.fleet.web.InvalidId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The export endpoint every tenant-data service serves, under {@code /api/v1/{svc}} (prefix added by
 * {@link DeletionWebAutoConfiguration}); who may call it is decided by {@code
 * DeletionEndpointsSecurityAutoConfiguration}'s filter chain.
 *
 * <p>The archive is written synchronously to the response, on the request's (virtual) thread, so no
 * async request timeout can cut a long one. The snapshot is taken and the fence checked before the
 * status is sent: a fenced tenant, a full capacity or a database that does not answer get a problem,
 * never a byte of ZIP. Once the 200 is sent, a failure leaves the archive without its manifest and
 * central directory, and the exception reaches the container, which closes the connection without
 * ending the body: the client sees a truncated response.
 */
@RestController
@RequestMapping(DeletionEndpoints.DELETE)
@InvalidId(
        problem = FleetProblem.INVALID_TENANT_ID,
        detail = "Tenant id '%2$s' is not a canonical UUID (8-4-4-4-12 hexadecimal digits)")
@Tag(
        name = "Tenant data export",
        description = "Export one tenant's data in this service for portability (GDPR Art. 20). Called by the"
                + " orchestrator with service tokens; user tokens are refused.")
class TenantDataExportController {

    private final ObjectProvider<TenantDataDeletionService> service;
    private final ExportCapacity capacity;
    private final ServiceIdentity identity;

    TenantDataExportController(
            ObjectProvider<TenantDataDeletionService> service, ExportCapacity capacity, ServiceIdentity identity) {
        this.service = service;
        this.capacity = capacity;
        this.identity = identity;
    }

    @GetMapping(DeletionEndpoints.EXPORT_BELOW_DELETE)
    @Operation(
            operationId = "exportTenantData",
            summary = "Export the tenant's data in this service as a ZIP",
            description = "Read-only, streamed, one consistent snapshot (REPEATABLE READ): an entry <table>.ndjson per"
                    + " erased table (parents first, one row_to_json object per line), the tenant's files under"
                    + " files/<name>/, and last export.json (service, schema, tenant_id, snapshot_at, format, row"
                    + " count per table, bytes per file). An archive without export.json or cut short is a failed"
                    + " export. Needs the orchestrator's service token addressed to this service, with scope"
                    + " tenant-data.export and tenant_id equal to the tenant in the path.")
    @ApiResponse(
            responseCode = "200",
            description = "The archive; a tenant with no data gets empty entries",
            content = @Content(mediaType = DeletionEndpoints.EXPORT_MEDIA_TYPE))
    @ApiResponse(
            responseCode = "409",
            description = "tenant-erasure-begun: the tenant's erasure has begun or is done in this service; nothing"
                    + " is exported",
            content =
                    @Content(
                            mediaType = "application/problem+json",
                            schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(
            responseCode = "503",
            description = "export-capacity-exhausted (deletion.export.max-concurrent exports in progress; retry after"
                    + " the Retry-After header's seconds) or tenant-data-unavailable (the database did not answer)",
            content =
                    @Content(
                            mediaType = "application/problem+json",
                            schema = @Schema(implementation = ProblemDetail.class)))
    void export(@PathVariable UUID tenantId, HttpServletResponse response) throws IOException {
        if (!capacity.tryAcquire()) {
            throw new CapacityExhaustedException("exports", capacity.limit(), capacity.retryAfterSeconds());
        }
        try (TenantDataExport export = service.getObject().openExport(tenantId)) {
            response.setContentType(DeletionEndpoints.EXPORT_MEDIA_TYPE);
            response.setHeader(
                    HttpHeaders.CONTENT_DISPOSITION,
                    ContentDisposition.attachment()
                            .filename(identity.name() + "-" + tenantId + ".zip")
                            .build()
                            .toString());
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            response.flushBuffer();
            export.writeTo(response.getOutputStream());
        } finally {
            capacity.release();
        }
    }
}
