package com.bakeryia.training.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Makes a file impossible to delete until closed: its directory read-only, or, where permissions do
 * not bind (running as root), the file immutable ({@code chattr +i}). Aborts the test when neither
 * works on this machine.
 */
final class UndeletableFile implements AutoCloseable {

    private static final Set<PosixFilePermission> READ_ONLY = PosixFilePermissions.fromString("r-xr-xr-x");
    private static final Set<PosixFilePermission> WRITABLE = PosixFilePermissions.fromString("rwxr-xr-x");

    private final Path file;
    private final boolean immutable;

    private UndeletableFile(Path file, boolean immutable) {
        this.file = file;
        this.immutable = immutable;
    }

    static UndeletableFile lock(Path file) throws IOException, InterruptedException {
        Path directory = file.getParent();
        Files.setPosixFilePermissions(directory, READ_ONLY);
        if (!Files.isWritable(directory)) {
            return new UndeletableFile(file, false);
        }
        Files.setPosixFilePermissions(directory, WRITABLE);
        Assumptions.assumeTrue(
                chattr("+i", file), "directory permissions do not bind for this user and chattr +i is not available");
        return new UndeletableFile(file, true);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (immutable) {
            chattr("-i", file);
        } else {
            Files.setPosixFilePermissions(file.getParent(), WRITABLE);
        }
    }

    private static boolean chattr(String flag, Path file) throws InterruptedException {
        try {
            Process process = new ProcessBuilder("chattr", flag, file.toString())
                    .redirectErrorStream(true)
                    .start();
            process.getInputStream().readAllBytes();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
