package com.bakeryia.deletion.api;

/**
 * The names of the tenant export archive the orchestrator writes and its verifiers read
 * ({@code scripts/verify-export}, the e2e suite): its format, its two manifest entries and the
 * {@code typ} of its signed manifest (docs/contracts.md, "The tenant export archive").
 */
public final class TenantExportArchiveFormat {

    /** The {@code format} claim of the manifest. */
    public static final String FORMAT = "bakery-ia-tenant-export/1";

    /** The manifest as JSON, for people: the claims of {@link #MANIFEST_JWS}. */
    public static final String MANIFEST = "manifest.json";

    /** The manifest signed with the orchestrator's receipt key, compact JWS, the archive's last entry. */
    public static final String MANIFEST_JWS = "manifest.jws";

    /** The {@code typ} header of {@link #MANIFEST_JWS}. */
    public static final String MANIFEST_TYPE = "tenant-export-manifest+jwt";

    private TenantExportArchiveFormat() {}
}
