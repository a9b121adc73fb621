package com.bakeryia.deployment;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's root directory: the {@code repo.root} system property (set by Maven), else found upwards. */
public final class Repository {

    private Repository() {}

    public static Path root() {
        String configured = System.getProperty("repo.root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path directory = Path.of("").toAbsolutePath();
        while (directory != null) {
            if (Files.isRegularFile(directory.resolve("mvnw"))
                    && Files.isDirectory(directory.resolve("deletion-core"))) {
                return directory;
            }
            directory = directory.getParent();
        }
        throw new IllegalStateException(
                "Cannot find the repository root above " + Path.of("").toAbsolutePath() + "; set -Drepo.root");
    }
}
