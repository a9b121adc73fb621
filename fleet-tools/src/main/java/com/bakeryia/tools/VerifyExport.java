package com.bakeryia.tools;

import com.bakeryia.tools.ExportVerifier.VerifiedExport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code scripts/verify-export}: verifies a tenant's export archive offline ({@link ExportVerifier}),
 * against the orchestrator's receipt JWKS saved beforehand, and prints what it holds. Needs no
 * running service.
 */
public final class VerifyExport {

    private static final String USAGE = "usage: scripts/verify-export ZIP JWKS\n"
            + "  ZIP   the export as downloaded (GET the download_url of POST /api/v1/tenants/{id}/exports)\n"
            + "  JWKS  file with the orchestrator's receipt keys (its /.well-known/receipt-jwks.json)";

    private VerifyExport() {}

    public static void main(String[] args) {
        if (args.length != 2 || args[0].equals("-h") || args[0].equals("--help")) {
            System.err.println(USAGE);
            System.exit(2);
        }
        Path archive = Path.of(args[0]);
        Path jwksFile = Path.of(args[1]);
        if (!Files.isRegularFile(archive) || !Files.isRegularFile(jwksFile)) {
            System.err.println("no such file: " + (Files.isRegularFile(archive) ? jwksFile : archive));
            System.err.println(USAGE);
            System.exit(2);
        }
        try {
            VerifiedExport verified = ExportVerifier.verify(archive, Files.readString(jwksFile));
            System.out.println("VALID: manifest signed (ES256) by key " + verified.keyId() + ", typ "
                    + ExportVerifier.MANIFEST_TYPE + "; every entry's size, SHA-256 and rows as listed");
            System.out.println("tenant:     " + verified.tenantId());
            System.out.println("created_at: " + verified.createdAt());
            System.out.println("services:   " + verified.services().size());
            for (Map.Entry<String, Map<String, Long>> service :
                    verified.tables().entrySet()) {
                long rows = service.getValue().values().stream()
                        .mapToLong(Long::longValue)
                        .sum();
                System.out.printf(
                        "  %-28s %,12d rows in %d tables%n",
                        service.getKey(), rows, service.getValue().size());
            }
            System.out.printf("rows:       %,d%n", verified.totalRows());
            System.out.printf("entries:    %d (%,d bytes uncompressed)%n", verified.entries(), verified.bytes());
        } catch (IllegalStateException e) {
            System.err.println("INVALID: " + e.getMessage());
            System.exit(1);
        } catch (IOException e) {
            System.err.println("INVALID: cannot read " + archive + ": " + e.getMessage());
            System.exit(1);
        }
    }
}
