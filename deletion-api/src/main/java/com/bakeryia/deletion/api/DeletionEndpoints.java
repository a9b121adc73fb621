package com.bakeryia.deletion.api;

/**
 * Where a tenant-data service serves its deletion and export endpoints, for the service that serves them
 * (deletion-core) and for those that call them (the orchestrator, the testkit):
 *
 * <ul>
 *   <li>{@code GET /api/v1/{svc}/tenant/{tenantId}/deletion-preview} answers a {@link DeletionPreview};
 *   <li>{@code DELETE /api/v1/{svc}/tenant/{tenantId}} answers a {@link DeletionResult} (200 when it
 *       succeeded, 500 with the same body when it did not);
 *   <li>{@code GET /api/v1/{svc}/tenant/{tenantId}/export} answers the tenant's data as a ZIP
 *       ({@value #EXPORT_MEDIA_TYPE}): one {@code <table>.ndjson} per erased table, its files under
 *       {@code files/<name>/}, and last {@value #EXPORT_MANIFEST} (docs/contracts.md).
 * </ul>
 *
 * {@code svc} is the service's name without {@code -service} ({@code orders}, {@code alert-processor}).
 */
public final class DeletionEndpoints {

    /** The name of the path variable that holds the tenant id. */
    public static final String TENANT_ID = "tenantId";

    /** The delete endpoint, below {@link #prefix(String)}. */
    public static final String DELETE = "/tenant/{" + TENANT_ID + "}";

    /** The preview endpoint, below {@link #DELETE}. */
    public static final String PREVIEW_BELOW_DELETE = "/deletion-preview";

    /** The preview endpoint, below {@link #prefix(String)}. */
    public static final String PREVIEW = DELETE + PREVIEW_BELOW_DELETE;

    /** The export endpoint, below {@link #DELETE}. */
    public static final String EXPORT_BELOW_DELETE = "/export";

    /** The export endpoint, below {@link #prefix(String)}. */
    public static final String EXPORT = DELETE + EXPORT_BELOW_DELETE;

    /** The media type of the export. */
    public static final String EXPORT_MEDIA_TYPE = "application/zip";

    /** The last entry of an export: what it holds; an archive without it is incomplete. */
    public static final String EXPORT_MANIFEST = "export.json";

    /** The folder of an export that holds the files of the tenant's data outside the database. */
    public static final String EXPORT_FILES = "files/";

    /** The suffix of a table's entry in an export ({@code orders.ndjson}). */
    public static final String EXPORT_TABLE_SUFFIX = ".ndjson";

    private static final String SERVICE_SUFFIX = "-service";

    private DeletionEndpoints() {}

    /**
     * The path segment of a service's endpoints: its name without {@code -service}.
     *
     * @param serviceName the service's name, for example {@code orders-service}
     * @return for example {@code orders}
     */
    public static String pathSegment(String serviceName) {
        return serviceName.endsWith(SERVICE_SUFFIX)
                ? serviceName.substring(0, serviceName.length() - SERVICE_SUFFIX.length())
                : serviceName;
    }

    /**
     * The prefix of a service's deletion endpoints.
     *
     * @param serviceName the service's name, for example {@code orders-service}
     * @return for example {@code /api/v1/orders}
     */
    public static String prefix(String serviceName) {
        return "/api/v1/" + pathSegment(serviceName);
    }

    /**
     * The preview endpoint of a service as a URI template with one variable, {@code {tenantId}}.
     *
     * @param serviceName the service's name
     * @return for example {@code /api/v1/orders/tenant/{tenantId}/deletion-preview}
     */
    public static String previewPath(String serviceName) {
        return prefix(serviceName) + PREVIEW;
    }

    /**
     * The delete endpoint of a service as a URI template with one variable, {@code {tenantId}}.
     *
     * @param serviceName the service's name
     * @return for example {@code /api/v1/orders/tenant/{tenantId}}
     */
    public static String deletePath(String serviceName) {
        return prefix(serviceName) + DELETE;
    }

    /**
     * The export endpoint of a service as a URI template with one variable, {@code {tenantId}}.
     *
     * @param serviceName the service's name
     * @return for example {@code /api/v1/orders/tenant/{tenantId}/export}
     */
    public static String exportPath(String serviceName) {
        return prefix(serviceName) + EXPORT;
    }
}
