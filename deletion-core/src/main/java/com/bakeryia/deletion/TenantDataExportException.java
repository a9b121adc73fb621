package com.bakeryia.deletion;

/**
 * An export failed after its first bytes: the archive was left without its manifest and central
 * directory, so that it cannot pass for a complete one. The cause (database, file, client) is kept.
 */
public final class TenantDataExportException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    TenantDataExportException(String message, Throwable cause) {
        super(message, cause);
    }
}
