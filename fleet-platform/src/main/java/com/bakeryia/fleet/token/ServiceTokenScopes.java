package com.bakeryia.fleet.token;

/** The scopes service tokens grant, one per kind of call. */
public final class ServiceTokenScopes {

    /** Read the row counts of a tenant ({@code GET .../deletion-preview}). */
    public static final String TENANT_DATA_PREVIEW = "tenant-data.preview";

    /** Erase a tenant's data ({@code DELETE /api/v1/{svc}/tenant/{tenantId}}). */
    public static final String TENANT_DATA_DELETE = "tenant-data.delete";

    /**
     * Export a tenant's data for portability ({@code GET /api/v1/{svc}/tenant/{tenantId}/export}).
     */
    public static final String TENANT_DATA_EXPORT = "tenant-data.export";

    /**
     * Create and cancel deletion jobs at the orchestrator ({@code PUT /api/v1/deletion-jobs/{jobId}},
     * {@code POST /api/v1/deletion-jobs/{jobId}/cancel}).
     */
    public static final String DELETION_JOBS_WRITE = "deletion-jobs.write";

    /** Read one deletion job at the orchestrator ({@code GET /api/v1/deletion-jobs/{jobId}}). */
    public static final String DELETION_JOBS_READ = "deletion-jobs.read";

    /**
     * Remove a user from every tenant of tenant-service when the user's account is deleted ({@code
     * DELETE /api/v1/tenants/user/{userId}/memberships}).
     */
    public static final String TENANT_MEMBERSHIPS_DELETE = "tenant-memberships.delete";

    private ServiceTokenScopes() {}
}
