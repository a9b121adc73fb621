package com.bakeryia.deletion.web;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The problems of the export endpoint, deletion-core's own (kept beside it rather than in the
 * platform's catalogue, {@code com.bakeryia.fleet.web.FleetProblem}, with the same conventions):
 * {@code tenant-erasure-begun} 409 and {@code export-capacity-exhausted} 503.
 */
enum ExportProblems {

    /** The tenant is fenced in this schema: its erasure has begun or is done; nothing is exported. */
    TENANT_ERASURE_BEGUN(HttpStatus.CONFLICT, "tenant-erasure-begun", "Tenant erasure begun"),

    /** {@code deletion.export.max-concurrent} exports are already running: answered at once, with {@code Retry-After}. */
    EXPORT_CAPACITY_EXHAUSTED(HttpStatus.SERVICE_UNAVAILABLE, "export-capacity-exhausted", "Export capacity exhausted");

    private final HttpStatus status;
    private final URI type;
    private final String title;

    ExportProblems(HttpStatus status, String slug, String title) {
        this.status = status;
        this.type = URI.create("urn:bakery-ia:problem:" + slug);
        this.title = title;
    }

    ProblemDetail detail(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        problem.setTitle(title);
        return problem;
    }
}
