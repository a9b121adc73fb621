package com.bakeryia.training.model;

import java.nio.file.Path;
import java.util.UUID;

/**
 * The artifact root and each tenant's directory below it. A tenant's directory is derived from its
 * id alone, so it is always a direct child of the root: no input can point it elsewhere.
 */
public final class TenantArtifactDirectories {

    private final Path root;

    TenantArtifactDirectories(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The artifact root, absolute and normalized. */
    public Path root() {
        return root;
    }

    /** {@code {root}/{tenantId}}; it may not exist yet. */
    public Path tenantDirectory(UUID tenantId) {
        Path directory = root.resolve(tenantId.toString()).normalize();
        if (!root.equals(directory.getParent())) {
            throw new IllegalArgumentException("Tenant id " + tenantId + " does not name a directory of " + root);
        }
        return directory;
    }

    /** The path as stored in {@code model_artifacts.relative_path} and named in messages. */
    String relative(Path path) {
        return root.relativize(path).toString().replace('\\', '/');
    }
}
